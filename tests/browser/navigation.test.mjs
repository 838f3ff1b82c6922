// Figure links, the sources panel, back links and the preview popover, on the home page.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { setup, watchedPage, waitInViewport, cssEscape } from "./helpers.mjs";

// A theme without the preview popover (e.g. themes/plain) sets NO_PREVIEW=1 to skip those tests.
const preview = { skip: process.env.NO_PREVIEW ? "NO_PREVIEW is set: this theme has no preview popover" : false };

let env;
before(async () => {
  env = await setup();
});
after(async () => {
  await env?.close();
});

function assertClean(watch) {
  assert.deepEqual(watch.foreign, [], `requests left 127.0.0.1:\n${watch.foreign.join("\n")}`);
  assert.deepEqual(watch.consoleErrors, [], `console errors:\n${watch.consoleErrors.join("\n")}`);
  assert.deepEqual(watch.pageErrors, [], `page errors:\n${watch.pageErrors.join("\n")}`);
}

/** The first figure link: its id, its href's target id and the quote text of that entry. */
async function firstCite(page) {
  return page.evaluate(() => {
    const a = document.querySelector("main a.cite");
    if (!a) return null;
    const target = decodeURIComponent(a.getAttribute("href").slice(1));
    const entry = document.getElementById(target);
    const quote = entry?.querySelector(".q, blockquote, q")?.textContent ?? entry?.textContent ?? "";
    return { id: a.id, target, quote: quote.replace(/\s+/g, " ").trim(), describedBy: a.getAttribute("aria-describedby") };
  });
}

for (const width of [1280, 390]) {
  test(`figure link → panel entry → back link (${width}px)`, async () => {
    const { context, page, watch } = await watchedPage(env.browser, { viewport: { width, height: 850 } });
    try {
      const res = await page.goto(env.url(""));
      assert.equal(res.status(), 200);
      const cite = await firstCite(page);
      assert.ok(cite, "the home page has a figure link (a.cite)");
      assert.ok(cite.id, "the figure link has an id");
      assert.match(cite.target, /\S/, "the figure link points to an anchor");
      assert.equal(await page.locator(`#${cssEscape(cite.target)}`).count(), 1, "its panel entry exists once");

      // A non-target entry to compare the :target styling against.
      const otherId = await page.evaluate(
        (t) => [...document.querySelectorAll("[role=doc-endnotes] li[id]")].find((li) => li.id !== t)?.id,
        cite.target,
      );
      assert.ok(otherId, "the panel has more than one entry");

      await page.locator(`#${cssEscape(cite.id)}`).click();
      await page.waitForFunction((t) => location.hash === "#" + t, cite.target);
      assert.equal(new URL(page.url()).hash, `#${cite.target}`);
      assert.ok(await waitInViewport(page, `#${cssEscape(cite.target)}`), "the entry is scrolled into view");

      const entry = page.locator(`#${cssEscape(cite.target)}`);
      const quote = entry.locator(".q, blockquote, q").first();
      assert.ok(await quote.isVisible(), "the entry's quote is visible");
      assert.ok(cite.quote.length > 0, "the entry has a quote");
      assert.ok(await page.evaluate((t) => document.getElementById(t).matches(":target"), cite.target));

      const style = (id) =>
        page.evaluate((i) => {
          const s = getComputedStyle(document.getElementById(i));
          return { outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`, background: s.backgroundColor };
        }, id);
      const targetStyle = await style(cite.target);
      const otherStyle = await style(otherId);
      assert.ok(
        targetStyle.outline !== otherStyle.outline || targetStyle.background !== otherStyle.background,
        `:target styling applies (target ${JSON.stringify(targetStyle)}, other ${JSON.stringify(otherStyle)})`,
      );

      // The back link returns to the exact figure.
      const back = entry.locator(`a[href="#${cite.id}"]`);
      assert.equal(await back.count(), 1, "the entry has a back link to the figure");
      assert.match((await back.getAttribute("aria-label")) ?? "", /^Back to citation \d+[a-z]? in the text$/);
      // The popover may have opened on the way; Escape it so it cannot cover anything.
      await page.keyboard.press("Escape");
      await back.click();
      await page.waitForFunction((id) => location.hash === "#" + id, cite.id);
      assert.equal(new URL(page.url()).hash, `#${cite.id}`);
      assert.ok(await waitInViewport(page, `#${cssEscape(cite.id)}`), "the figure is back in view");
      assert.ok(await page.evaluate((id) => document.getElementById(id).matches(":target"), cite.id));

      assertClean(watch);
    } finally {
      await context.close();
    }
  });
}

test("keyboard focus opens the preview; Escape closes it and keeps focus", preview, async () => {
  const { context, page, watch } = await watchedPage(env.browser);
  try {
    await page.goto(env.url(""));
    const cite = await firstCite(page);
    assert.ok(cite, "the home page has a figure link");

    let focused = null;
    for (let i = 0; i < 80 && !focused; i++) {
      await page.keyboard.press("Tab");
      focused = await page.evaluate(() => (document.activeElement?.matches("a.cite") ? document.activeElement.id : null));
    }
    assert.equal(focused, cite.id, "Tab reaches the first figure link");

    // The focus ring is visible.
    const outline = await page.evaluate(() => {
      const s = getComputedStyle(document.activeElement);
      return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
    });
    assert.notEqual(outline.style, "none", "the focused figure has an outline");
    assert.ok(outline.width >= 2, "the focus outline is at least 2px");

    const tip = page.locator("[role=tooltip]");
    await tip.waitFor({ state: "visible", timeout: 3000 });
    const tipId = await tip.getAttribute("id");
    assert.ok(tipId, "the tooltip has an id");
    const describedBy = (await page.locator(`#${cssEscape(cite.id)}`).getAttribute("aria-describedby")).split(/\s+/);
    assert.ok(describedBy.includes(tipId), "the link is described by the tooltip while it is open");
    for (const idref of (cite.describedBy ?? "").split(/\s+/).filter(Boolean)) {
      assert.ok(describedBy.includes(idref), `the link keeps aria-describedby ${idref}`);
    }
    const text = (await tip.textContent()).replace(/\s+/g, " ");
    assert.ok(text.includes(cite.quote.slice(0, 40)), `the preview shows the quote (${cite.quote.slice(0, 40)}…)`);
    assert.equal(await tip.locator("a, button, [tabindex], [id]").count(), 0, "nothing focusable or id'd inside");

    // It sits below the link and inside the viewport.
    const geo = await page.evaluate(
      ([id, t]) => {
        const a = document.getElementById(id).getBoundingClientRect();
        const b = document.getElementById(t).getBoundingClientRect();
        return { linkBottom: a.bottom, linkTop: a.top, top: b.top, bottom: b.bottom, left: b.left, right: b.right, vw: document.documentElement.clientWidth };
      },
      [cite.id, tipId],
    );
    assert.ok(geo.top >= geo.linkBottom - 1 || geo.bottom <= geo.linkTop + 1, "the preview does not cover its link");
    assert.ok(geo.left >= 0 && geo.right <= geo.vw, "the preview is inside the viewport");

    await page.keyboard.press("Escape");
    await tip.waitFor({ state: "hidden", timeout: 3000 });
    assert.equal(await page.evaluate(() => document.activeElement?.id), cite.id, "focus stays on the link");
    const after = (await page.locator(`#${cssEscape(cite.id)}`).getAttribute("aria-describedby")) ?? "";
    assert.equal(after, cite.describedBy ?? "", "aria-describedby is restored");
    assert.equal(new URL(page.url()).hash, "", "the preview did not navigate");

    // Moving on closes nothing it should not: Tab to the next element, then back, reopens it.
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Tab");
    await tip.waitFor({ state: "visible", timeout: 3000 });
    await page.keyboard.press("Tab");
    const next = await page.evaluate(() => document.activeElement?.matches("a.cite") ?? false);
    if (!next) await tip.waitFor({ state: "hidden", timeout: 3000 });

    assertClean(watch);
  } finally {
    await context.close();
  }
});

test("hovering a figure opens the preview; leaving closes it", preview, async () => {
  const { context, page, watch } = await watchedPage(env.browser);
  try {
    await page.goto(env.url(""));
    const cite = await firstCite(page);
    const link = page.locator(`#${cssEscape(cite.id)}`);
    await link.hover();
    const tip = page.locator("[role=tooltip]");
    await tip.waitFor({ state: "visible", timeout: 3000 });
    assert.ok((await tip.textContent()).replace(/\s+/g, " ").includes(cite.quote.slice(0, 40)));
    assert.notEqual(await page.evaluate(() => document.activeElement?.id), cite.id, "hover does not move focus");
    await page.mouse.move(5, 5);
    await tip.waitFor({ state: "hidden", timeout: 3000 });
    assertClean(watch);
  } finally {
    await context.close();
  }
});

test("the preview fits a 320px screen", preview, async () => {
  const { context, page, watch } = await watchedPage(env.browser, { viewport: { width: 320, height: 640 } });
  try {
    await page.goto(env.url(""));
    const ids = await page.evaluate(() => [...document.querySelectorAll("main a.cite")].slice(0, 12).map((a) => a.id));
    assert.ok(ids.length > 0);
    for (const id of ids) {
      await page.locator(`#${cssEscape(id)}`).focus();
      const tip = page.locator("[role=tooltip]");
      await tip.waitFor({ state: "visible", timeout: 3000 });
      const box = await page.evaluate(() => {
        const r = document.querySelector("[role=tooltip]").getBoundingClientRect();
        return { left: r.left, right: r.right, vw: document.documentElement.clientWidth, sw: document.documentElement.scrollWidth };
      });
      assert.ok(box.left >= 0 && box.right <= box.vw, `preview for #${id} inside the viewport: ${JSON.stringify(box)}`);
      assert.ok(box.sw <= box.vw, `no horizontal scroll while the preview for #${id} is open`);
      await page.keyboard.press("Escape");
    }
    assertClean(watch);
  } finally {
    await context.close();
  }
});

test("without JavaScript, figure links still reach their entries", async () => {
  const { context, page, watch } = await watchedPage(env.browser, { javaScriptEnabled: false });
  try {
    await page.goto(env.url(""));
    const cite = await firstCite(page);
    await page.locator(`#${cssEscape(cite.id)}`).click();
    await page.waitForFunction((t) => location.hash === "#" + t, cite.target);
    assert.ok(await waitInViewport(page, `#${cssEscape(cite.target)}`));
    assert.equal(await page.locator("[role=tooltip]").count(), 0);
    assertClean(watch);
  } finally {
    await context.close();
  }
});

test("a chart is drawn, and its bar links to its panel entry and back", async () => {
  const { context, page, watch } = await watchedPage(env.browser, { viewport: { width: 1280, height: 850 } });
  try {
    await page.goto(env.url(""));
    const charts = page.locator("main figure.chart");
    assert.ok((await charts.count()) >= 2, "the explainer has at least two charts");
    const first = charts.first();
    assert.ok(await first.locator("svg").isVisible(), "the chart's SVG is visible");
    const box = await first.locator("svg").boundingBox();
    assert.ok(box && box.width > 200 && box.height > 50, `the chart has a real size: ${JSON.stringify(box)}`);
    assert.ok((await first.locator("svg title").count()) >= 1, "the chart has a title for screen readers");
    assert.ok((await first.locator("table").count()) === 1, "the chart's data is also a table");

    const bar = first.locator("svg a.cite-mark").first();
    const barId = await bar.getAttribute("id");
    const target = (await bar.getAttribute("href")).slice(1);
    await bar.click();
    await page.waitForFunction((t) => location.hash === "#" + t, target);
    assert.ok(await waitInViewport(page, `#${cssEscape(target)}`), "the bar's entry is scrolled into view");
    const entry = page.locator(`#${cssEscape(target)}`);
    assert.ok(await entry.locator("mark").first().isVisible(), "the entry shows the quote with the figure marked");

    await entry.locator(`a[href="#${barId}"]`).click();
    await page.waitForFunction((t) => location.hash === "#" + t, barId);
    assert.ok(await waitInViewport(page, `#${cssEscape(barId)}`), "the back link returns to the bar");
    assertClean(watch);
  } finally {
    await context.close();
  }
});

test("a derived figure shows its working, with links to both inputs", async () => {
  const { context, page, watch } = await watchedPage(env.browser, { viewport: { width: 1280, height: 850 } });
  try {
    await page.goto(env.url(""));
    const derived = page.locator("main a.cite.derived").first();
    assert.equal(await derived.count(), 1, "the explainer has a derived figure");
    const target = (await derived.getAttribute("href")).slice(1);
    await derived.click();
    await page.waitForFunction((t) => location.hash === "#" + t, target);
    const working = page.locator(`#${cssEscape(target)} .entry-working`);
    assert.ok(await working.isVisible(), "the entry shows the working");
    assert.match(await working.textContent(), /×/, "the working shows the multiplication");
    const inputs = page.locator(`#${cssEscape(target)} a[href^="#cite-"]`);
    assert.ok((await inputs.count()) >= 2, "the working links to both cited inputs");
    assertClean(watch);
  } finally {
    await context.close();
  }
});
