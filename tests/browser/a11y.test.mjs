// axe-core (WCAG 2.x A/AA, light and dark), no horizontal scroll at 320px, no foreign requests,
// and full-page screenshots (390 and 1280 light, 1280 dark) into screenshots/.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { setup, watchedPage, runAxe, formatViolations, PAGES, SCREENSHOTS, PUBLIC } from "./helpers.mjs";

let env;
before(async () => {
  env = await setup();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
});
after(async () => {
  await env?.close();
});

const AXE_RUNS = [
  { scheme: "light", width: 1280 },
  { scheme: "dark", width: 1280 },
  { scheme: "light", width: 390 },
];

for (const { scheme, width } of AXE_RUNS) {
  for (const p of PAGES) {
    test(`axe: ${p.name} page, ${scheme}, ${width}px`, async () => {
      const { context, page, watch } = await watchedPage(env.browser, {
        colorScheme: scheme,
        viewport: { width, height: 900 },
      });
      try {
        const res = await page.goto(env.url(p.path));
        assert.equal(res.status(), p.status ?? 200, `status of /${p.path}`);
        const violations = await runAxe(page);
        assert.equal(violations.length, 0, `axe violations on ${p.name} (${scheme}, ${width}px):\n${formatViolations(violations)}`);
        assert.deepEqual(watch.foreign, [], `requests left 127.0.0.1:\n${watch.foreign.join("\n")}`);
        assert.deepEqual(watch.pageErrors, [], watch.pageErrors.join("\n"));
        // The 404 page's own document load is logged as a console error by Chromium; nothing else may be.
        const errors = watch.consoleErrors.filter((e) => !(p.status === 404 && /status of 404/.test(e)));
        assert.deepEqual(errors, [], errors.join("\n"));
      } finally {
        await context.close();
      }
    });
  }
}

for (const p of PAGES) {
  test(`no horizontal scroll at 320px: ${p.name} page`, async () => {
    const { context, page } = await watchedPage(env.browser, { viewport: { width: 320, height: 640 } });
    try {
      await page.goto(env.url(p.path));
      const m = await page.evaluate(() => {
        const d = document.documentElement;
        const wide = [...document.querySelectorAll("body *")]
          .filter((el) => el.getBoundingClientRect().right > d.clientWidth + 0.5)
          .slice(0, 5)
          .map((el) => `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : ""}`);
        return { scrollWidth: d.scrollWidth, clientWidth: d.clientWidth, wide };
      });
      assert.ok(m.scrollWidth <= m.clientWidth, `scrollWidth ${m.scrollWidth} > clientWidth ${m.clientWidth}; too wide: ${m.wide.join(", ")}`);
    } finally {
      await context.close();
    }
  });
}

test("page basics: lang, title, landmarks, skip link, description, icon, feed", async () => {
  const { context, page } = await watchedPage(env.browser);
  try {
    for (const p of PAGES) {
      await page.goto(env.url(p.path));
      const facts = await page.evaluate(() => ({
        lang: document.documentElement.lang,
        title: document.title,
        viewport: !!document.querySelector('meta[name="viewport"]'),
        description: document.querySelector('meta[name="description"]')?.content ?? "",
        main: document.querySelectorAll("main#main").length,
        header: document.querySelectorAll("body > header").length,
        footer: document.querySelectorAll("body > footer").length,
        skip: document.querySelector("a[href='#main']")?.compareDocumentPosition(document.querySelector("main")) ?? 0,
        icon: document.querySelector('link[rel="icon"]')?.getAttribute("href") ?? "",
        feed: document.querySelector('link[rel="alternate"][type="application/atom+xml"]')?.getAttribute("href") ?? "",
        h1: document.querySelectorAll("h1").length,
      }));
      assert.match(facts.lang, /^[a-z]{2,3}(-[A-Za-z0-9]+)*$/, `${p.name}: lang`);
      assert.ok(facts.title.trim(), `${p.name}: title`);
      assert.ok(facts.viewport, `${p.name}: meta viewport`);
      assert.equal(facts.main, 1, `${p.name}: one <main id=main>`);
      assert.equal(facts.header, 1, `${p.name}: a banner header`);
      assert.equal(facts.footer, 1, `${p.name}: a contentinfo footer`);
      assert.ok(facts.skip & Node_DOCUMENT_POSITION_FOLLOWING, `${p.name}: a skip link before <main>`);
      assert.equal(facts.h1, 1, `${p.name}: one h1`);
      assert.ok(facts.icon.startsWith("/explainer/"), `${p.name}: favicon under the base path (${facts.icon})`);
      if (fs.existsSync(path.join(PUBLIC, "atom.xml"))) {
        assert.ok(facts.feed.startsWith("/explainer/"), `${p.name}: feed link under the base path (${facts.feed})`);
      } else {
        assert.equal(facts.feed, "", `${p.name}: no feed link when the site has no feed`);
      }
      if (p.name !== "404") assert.ok(facts.description.trim(), `${p.name}: meta description`);
    }
    // The home page: canonical link and JSON-LD that parses.
    await page.goto(env.url(""));
    const home = await page.evaluate(() => ({
      canonical: document.querySelector('link[rel="canonical"]')?.href ?? "",
      jsonld: [...document.querySelectorAll('script[type="application/ld+json"]')].map((s) => s.textContent),
    }));
    assert.match(home.canonical, /^https?:\/\//, "canonical link is absolute");
    assert.ok(home.jsonld.length >= 1, "JSON-LD present");
    for (const j of home.jsonld) JSON.parse(j);
    // Every internal link and asset stays under the base path.
    const hrefs = await page.evaluate(() =>
      [...document.querySelectorAll("[href], [src]")].map((el) => el.getAttribute("href") ?? el.getAttribute("src")),
    );
    for (const h of hrefs) {
      if (h.startsWith("/")) assert.ok(h.startsWith("/explainer/"), `internal URL outside the base path: ${h}`);
    }
  } finally {
    await context.close();
  }
});
const Node_DOCUMENT_POSITION_FOLLOWING = 4;

test("screenshots: 390 and 1280 light, 1280 dark", async () => {
  const shots = [
    { width: 390, scheme: "light" },
    { width: 1280, scheme: "light" },
    { width: 1280, scheme: "dark" },
  ];
  for (const s of shots) {
    const { context, page } = await watchedPage(env.browser, {
      viewport: { width: s.width, height: 900 },
      colorScheme: s.scheme,
      reducedMotion: "reduce",
    });
    try {
      for (const p of PAGES) {
        await page.goto(env.url(p.path));
        const file = path.join(SCREENSHOTS, `${p.name}-${s.width}-${s.scheme}.png`);
        await page.screenshot({ path: file, fullPage: true });
        assert.ok(fs.statSync(file).size > 1000, `${file} written`);
      }
    } finally {
      await context.close();
    }
  }
});
