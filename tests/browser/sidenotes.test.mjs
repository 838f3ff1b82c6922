// Sidenotes on the shipped explainer: at 1100px and wider each sources entry sits in the margin
// beside its first citation with no two notes overlapping; below that, and in print, the
// numbered list follows the text. Also writes mid-article screenshots at 390 and 1280px.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { setup, watchedPage, SCREENSHOTS } from "./helpers.mjs";

// A theme without sidenotes (e.g. themes/plain) sets NO_SIDENOTES=1 to skip these tests.
const sidenotes = { skip: process.env.NO_SIDENOTES ? "NO_SIDENOTES is set: this theme has no sidenotes" : false };

const SECTION = "What does Russia get?";

let env;
before(async () => {
  env = await setup();
});
after(async () => {
  await env?.close();
});

/** The boxes of the text, each entry with its first citation, and each shown "see" note. */
function measure(page) {
  return page.evaluate(() => {
    const box = (el) => {
      const r = el.getBoundingClientRect();
      return { top: r.top + scrollY, bottom: r.bottom + scrollY, left: r.left, right: r.right, height: r.height };
    };
    const body = document.querySelector(".story-body");
    const shown = (el) => {
      const r = el.getBoundingClientRect();
      return r.width > 1 && r.height > 1;
    };
    const entries = [...document.querySelectorAll(".sources-list > .entry")].map((e, i) => {
      const first = [...body.querySelectorAll(`a[href="#${e.id}"]`)].find(shown);
      return { id: e.id, number: i + 1, box: box(e), cite: first ? box(first) : null, position: getComputedStyle(e).position };
    });
    const notes = [...document.querySelectorAll(".see-note")]
      .filter(shown)
      .map((n) => ({ text: n.textContent, href: n.getAttribute("href"), box: box(n) }));
    const intro = document.querySelector(".sources-intro");
    return { body: box(body), sources: box(document.querySelector(".sources")), intro: { id: "the panel's intro", box: box(intro) }, entries, notes, gap: 12 };
  });
}

function assertNoOverlap(boxes) {
  const sorted = [...boxes].sort((a, b) => a.box.top - b.box.top);
  for (let i = 1; i < sorted.length; i++) {
    const above = sorted[i - 1];
    const below = sorted[i];
    assert.ok(
      below.box.top >= above.box.bottom - 0.5,
      `${below.id ?? below.text} (top ${below.box.top}) overlaps ${above.id ?? above.text} (bottom ${above.box.bottom})`,
    );
  }
}

async function sidenotePage(width, options = {}) {
  const opened = await watchedPage(env.browser, { viewport: { width, height: 900 }, ...options });
  await opened.page.goto(env.url(""));
  await opened.page.evaluate(() => document.fonts.ready);
  return opened;
}

function assertBeside(m) {
  const all = [...m.entries, ...m.notes];
  for (const e of m.entries) {
    assert.equal(e.position, "absolute", `${e.id} is placed in the margin`);
    assert.ok(e.cite, `${e.id} has a visible citation in the text`);
    assert.ok(e.box.left >= m.body.right, `${e.id} is right of the text (${e.box.left} < ${m.body.right})`);
    assert.ok(e.box.top >= e.cite.top - 8, `${e.id} is not above its citation (${e.box.top} vs ${e.cite.top})`);
    if (e.box.top - e.cite.top > 8) {
      // Pushed down: then it starts just below another note.
      const pusher = [m.intro, ...all].find((o) => o !== e && Math.abs(e.box.top - (o.box.bottom + m.gap)) <= 2);
      assert.ok(pusher, `${e.id} is ${e.box.top - e.cite.top}px below its citation without a note above pushing it`);
    }
  }
  assertNoOverlap(all);
}

for (const width of [1100, 1280]) test(`${width}px: every entry sits beside its first citation, none overlapping`, sidenotes, async () => {
  const { context, page, watch } = await sidenotePage(width);
  try {
    const m = await measure(page);
    assert.ok(m.entries.length > 10, "the explainer has its sources entries");
    assertBeside(m);
    // However dense the citations, an entry stays close enough to be read with its figure.
    for (const e of m.entries) {
      assert.ok(e.box.top - e.cite.top < 450, `${e.id} is within half a screen of its citation (${e.box.top - e.cite.top}px)`);
    }
    assert.deepEqual(watch.pageErrors, []);
  } finally {
    await context.close();
  }
});

test(`1280px: scrolled to “${SECTION}”, that section's sources are beside it`, sidenotes, async () => {
  const { context, page } = await sidenotePage(1280);
  try {
    const heading = page.locator(".story-body h2", { hasText: SECTION });
    assert.equal(await heading.count(), 1, "the section exists");
    await page.evaluate((text) => {
      const h = [...document.querySelectorAll(".story-body h2")].find((x) => x.textContent.includes(text));
      window.scrollTo({ top: h.getBoundingClientRect().top + scrollY - 20, behavior: "instant" });
    }, SECTION);
    const view = await page.evaluate(() => ({ top: scrollY, bottom: scrollY + innerHeight }));
    const ids = await page.evaluate((text) => {
      const h = [...document.querySelectorAll(".story-body h2")].find((x) => x.textContent.includes(text));
      const ids = new Set();
      for (let el = h.nextElementSibling; el && el.tagName !== "H2"; el = el.nextElementSibling) {
        for (const a of el.querySelectorAll("a.cite")) ids.add(a.getAttribute("href").slice(1));
      }
      return [...ids];
    }, SECTION);
    const m = await measure(page);
    const firstHere = m.entries.filter((e) => ids.includes(e.id) && e.cite.top >= view.top && e.cite.bottom <= view.bottom);
    assert.ok(firstHere.length >= 3, `several sources are first cited in view (${firstHere.map((e) => e.id)})`);
    for (const e of firstHere) {
      assert.ok(e.box.top >= view.top && e.box.top < view.bottom, `${e.id} is in view beside the section`);
      assert.ok(Math.abs(e.box.top - e.cite.top) < 120, `${e.id} is within a few lines of its citation (${e.box.top - e.cite.top}px)`);
    }
    // A source cited here again, first cited further up, shows as a "see N" note beside it.
    const repeats = m.notes.filter((n) => n.box.top >= view.top && n.box.bottom <= view.bottom);
    assert.ok(repeats.length >= 1, "a figure citing an earlier source gets a \"see N\" note in view");
    for (const n of repeats) {
      assert.match(n.text, /^see \d+$/);
      const number = Number(n.text.slice(4));
      assert.equal(n.href, `#${m.entries[number - 1].id}`, `${n.text} links to entry ${number}`);
    }
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, "explainer-mid-1280.png") });
  } finally {
    await context.close();
  }
});

test("1280px: re-laid on resize and reflow, and the targeted entry opens up without overlapping", sidenotes, async () => {
  const { context, page } = await sidenotePage(1280);
  try {
    await page.setViewportSize({ width: 1500, height: 900 });
    await page.waitForTimeout(150);
    assertBeside(await measure(page));

    // Text that reflows (as when a web font arrives) moves the citations: the notes follow.
    const before0 = (await measure(page)).entries.at(-1).cite.top;
    await page.addStyleTag({ content: ".story-body { font-size: 1.3rem; }" });
    await page.waitForTimeout(150);
    const reflowed = await measure(page);
    assert.ok(reflowed.entries.at(-1).cite.top > before0 + 100, "the text grew longer");
    assertBeside(reflowed);

    await page.setViewportSize({ width: 1000, height: 900 });
    await page.waitForTimeout(150);
    const narrow = await measure(page);
    assert.ok(narrow.entries.every((e) => e.position === "static"), "below 1100px the entries are a list again");
    assert.equal(narrow.notes.length, 0, "no \"see\" notes in the list layout");

    await page.setViewportSize({ width: 1280, height: 900 });
    await page.waitForTimeout(150);
    const cite = page.locator(".story-body a.cite").nth(3);
    const target = (await cite.getAttribute("href")).slice(1);
    const before = (await measure(page)).entries.find((e) => e.id === target).box.height;
    await cite.click();
    await page.waitForFunction((t) => location.hash === "#" + t, target);
    await page.waitForTimeout(150);
    const m = await measure(page);
    const opened = m.entries.find((e) => e.id === target);
    assert.ok(opened.box.height > before, "the targeted entry shows its context and back links");
    assert.ok(await page.locator(`#${target} .backref`).first().isVisible(), "its back link is visible");
    assertBeside(m);
  } finally {
    await context.close();
  }
});

test("390px and print: the numbered list follows the text", sidenotes, async () => {
  const { context, page } = await sidenotePage(390);
  try {
    const m = await measure(page);
    assert.ok(m.entries.every((e) => e.position === "static"), "entries are in the flow");
    assert.ok(m.sources.top >= m.body.bottom, "the list comes after the text");
    for (let i = 1; i < m.entries.length; i++) {
      assert.ok(m.entries[i].box.top >= m.entries[i - 1].box.bottom - 1, "entries follow each other in order");
    }
    assert.equal(m.notes.length, 0, "no \"see\" notes at 390px");
    await page.evaluate((text) => {
      const h = [...document.querySelectorAll(".story-body h2")].find((x) => x.textContent.includes(text));
      window.scrollTo({ top: h.getBoundingClientRect().top + scrollY - 20, behavior: "instant" });
    }, SECTION);
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, "explainer-mid-390.png") });
  } finally {
    await context.close();
  }
  const wide = await sidenotePage(1280);
  try {
    await wide.page.emulateMedia({ media: "print" });
    const m = await measure(wide.page);
    assert.ok(m.entries.every((e) => e.position === "static"), "printed, the entries are endnotes");
    assert.ok(m.sources.top >= m.body.bottom, "printed, the list comes after the text");
  } finally {
    await wide.context.close();
  }
});

test("1280px without JavaScript: the panel is a column beside the text", sidenotes, async () => {
  const { context, page } = await sidenotePage(1280, { javaScriptEnabled: false });
  try {
    const m = await measure(page);
    assert.ok(m.sources.left >= m.body.right, "the sources sit right of the text");
    assert.ok(m.sources.top < m.body.top + 50, "and start level with it");
  } finally {
    await context.close();
  }
});

test("1280px: a link to an entry from elsewhere lands on it after the notes move", sidenotes, async () => {
  const first = await sidenotePage(1280);
  const target = await first.page.evaluate(() => [...document.querySelectorAll(".sources-list > .entry")].at(-3).id);
  await first.context.close();
  // A fresh load, as from another page or a shared link.
  const { context, page, watch } = await watchedPage(env.browser, { viewport: { width: 1280, height: 900 }, reducedMotion: "reduce" });
  try {
    await page.goto(env.url(`#${target}`));
    await page.evaluate(() => document.fonts.ready);
    await page.waitForTimeout(200);
    const where = await page.evaluate((id) => {
      const r = document.getElementById(id).getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, vh: innerHeight };
    }, target);
    assert.ok(where.top >= 0 && where.top < where.vh, `#${target} is in view (${JSON.stringify(where)})`);
    await page.goto(env.url("#%E0%A4%A"));
    await page.waitForTimeout(100);
    assert.deepEqual(watch.pageErrors, [], "a malformed fragment breaks nothing");
  } finally {
    await context.close();
  }
});
