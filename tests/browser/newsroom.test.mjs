// A newsroom's article furniture on the fixture in fixtures/newsroom/: the byline, the
// correction note and box, the lead image and a credited picture in the text are rendered and
// visible; images carry their files' width and height, and nothing moves as they load (images
// are held back by the server so the page lays out before they arrive). axe and the Nu HTML
// Checker pass on the fixture's pages.
//
// The fixture is built here with the release binary (SITE_BIN, default target/release/site).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { HERE, launch, watchedPage, runAxe, formatViolations } from "./helpers.mjs";
import { startServer } from "./serve.mjs";

const FIXTURE = path.join(HERE, "fixtures", "newsroom");
const SITE_BIN = process.env.SITE_BIN ?? path.resolve(HERE, "../../target/release/site");
/** How long the server holds back each image, so the page is laid out before any arrives. */
const IMAGE_DELAY_MS = 800;

let server;
let browser;
let built;

before(async () => {
  assert.ok(fs.existsSync(SITE_BIN), `no site binary at ${SITE_BIN}: run cargo build --release, or set SITE_BIN`);
  built = fs.mkdtempSync(path.join(os.tmpdir(), "newsroom-"));
  const out = path.join(built, "explainer");
  const run = spawnSync(
    SITE_BIN,
    ["--root", FIXTURE, "build", "--strict", "--base-url", "http://127.0.0.1/explainer/", "--output", out],
    { encoding: "utf8" },
  );
  assert.equal(run.status, 0, `the fixture does not build:\n${run.stdout}\n${run.stderr}`);
  server = await startServer(out);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (built) fs.rmSync(built, { recursive: true, force: true });
});

/** The article at `width`, with every image response held back by IMAGE_DELAY_MS. */
async function open(width) {
  const opened = await watchedPage(browser, { viewport: { width, height: 900 } });
  // Every image request, whatever its URL: the originals and the `<picture>` copies under
  // _images/ (WebP or the original's format) alike.
  await opened.page.route("**/*", async (route) => {
    if (route.request().resourceType() === "image") {
      await new Promise((resolve) => setTimeout(resolve, IMAGE_DELAY_MS));
    }
    await route.continue();
  });
  await opened.page.addInitScript(() => {
    window.__shifts = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__shifts.push(entry.value);
    }).observe({ type: "layout-shift", buffered: true });
  });
  await opened.page.goto(server.url, { waitUntil: "domcontentloaded" });
  return opened;
}

/**
 * Waits for the page's load event, then brings each image into view (the pictures in the text
 * load lazily, so one far below the first screen is not fetched until a reader scrolls to it)
 * and waits until every image has arrived.
 */
async function loadEveryImage(page) {
  await page.waitForLoadState("load");
  for (const img of await page.$$("img")) await img.scrollIntoViewIfNeeded();
  await page.waitForFunction(() => [...document.images].every((i) => i.complete && i.naturalWidth > 0));
  await page.evaluate(() => window.scrollTo(0, 0));
}

function visible(page, selector) {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel);
    if (!el) return { found: false };
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return {
      found: true,
      text: el.innerText.replace(/\s+/g, " ").trim(),
      shown: r.width > 1 && r.height > 1 && style.visibility !== "hidden" && style.display !== "none",
    };
  }, selector);
}

/** The boxes (document coordinates) of the images and of the text around them. */
function boxes(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll("img, .headline, .byline, .story-body p, .corrections")].map((el) => {
      const r = el.getBoundingClientRect();
      return { what: el.tagName + (el.className ? "." + el.className : ""), top: r.top + scrollY, left: r.left, width: r.width, height: r.height };
    }),
  );
}

for (const width of [390, 1280]) {
  test(`at ${width}px the byline, correction, lead image and credited picture are shown`, async () => {
    const { context, page, watch } = await open(width);
    try {
      await loadEveryImage(page);
      const byline = await visible(page, ".byline");
      assert.ok(byline.found && byline.shown, "the byline is shown");
      assert.equal(byline.text, "By Jane Doe and Kim Lee");
      assert.equal(await page.getAttribute(".byline a", "href"), "https://example.org/kim-lee");

      const note = await visible(page, ".meta-corrected a");
      assert.ok(note.found && note.shown, "the correction note under the headline is shown");
      assert.equal(note.text, "Corrected Nov. 28, 2026");
      assert.equal(await page.getAttribute(".meta-corrected a", "href"), "#corrections");

      const box = await visible(page, "#corrections");
      assert.ok(box.found && box.shown, "the corrections box is shown");
      assert.match(box.text, /^Correction Nov\. 28, 2026 An earlier version gave the number of daily crossings as 140\./);
      const last = await page.evaluate(() => {
        const body = document.querySelector(".story-body");
        return body.lastElementChild?.id;
      });
      assert.equal(last, "corrections", "the corrections box ends the article's text");

      const lead = await visible(page, ".story-head .lead-image");
      assert.ok(lead.found && lead.shown, "the lead image is shown under the headline");
      assert.equal(lead.text, "The harbour mouth, where every crossing starts. Photo: Example Newsroom");
      const credit = await visible(page, ".story-head .lead-image .credit");
      assert.ok(credit.shown, "the lead image's credit is shown");

      const figure = await visible(page, ".story-body .figure figcaption");
      assert.ok(figure.found && figure.shown, "the picture's caption is shown");
      assert.equal(figure.text, "Crossings by operator, as the report lists them. Credit: Jane Doe");
      const bodyCredit = await visible(page, ".story-body .figure .credit");
      assert.ok(bodyCredit.shown, "the picture's credit is shown");
      assert.equal(bodyCredit.text, "Credit: Jane Doe");

      const loaded = await page.evaluate(() =>
        [...document.images].map((i) => ({ src: i.getAttribute("src"), complete: i.complete, natural: i.naturalWidth })),
      );
      assert.equal(loaded.length, 2);
      for (const i of loaded) assert.ok(i.complete && i.natural > 0, `${i.src} loaded`);
      assert.deepEqual(watch.consoleErrors, []);
      assert.deepEqual(watch.pageErrors, []);
      assert.deepEqual(watch.foreign, []);
    } finally {
      await context.close();
    }
  });

  test(`at ${width}px images have their files' size and nothing moves as they load`, async () => {
    const { context, page } = await open(width);
    try {
      const sizes = await page.evaluate(() =>
        [...document.images].map((i) => ({ src: i.getAttribute("src"), width: i.getAttribute("width"), height: i.getAttribute("height"), complete: i.complete })),
      );
      assert.deepEqual(
        sizes.map(({ src, width, height }) => ({ src, width, height })),
        [
          { src: "/explainer/harbour.png", width: "1200", height: "675" },
          { src: "/explainer/chart.png", width: "800", height: "450" },
        ],
      );
      assert.ok(sizes.every((i) => !i.complete), "the images are still on their way when the page is measured");
      const before = await boxes(page);
      const imageBoxes = before.filter((b) => b.what === "IMG");
      for (const b of imageBoxes) {
        assert.ok(b.height > 50, `an image's box is reserved before it loads (${JSON.stringify(b)})`);
        assert.ok(Math.abs(b.width / b.height - 16 / 9) < 0.02, `the reserved box has the file's shape (${JSON.stringify(b)})`);
      }
      await loadEveryImage(page);
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      const afterLoad = await boxes(page);
      assert.deepEqual(afterLoad, before, "no box moved or changed size when the images arrived");
      const shifts = await page.evaluate(() => window.__shifts);
      const cls = shifts.reduce((a, b) => a + b, 0);
      assert.equal(cls, 0, `layout shifts: ${JSON.stringify(shifts)}`);
    } finally {
      await context.close();
    }
  });
}

test("axe finds no violations on the fixture's article, light and dark", async () => {
  for (const colorScheme of ["light", "dark"]) {
    const { context, page } = await watchedPage(browser, { colorScheme });
    try {
      await page.goto(server.url, { waitUntil: "load" });
      const violations = await runAxe(page);
      assert.equal(violations.length, 0, `${colorScheme}:\n${formatViolations(violations)}`);
    } finally {
      await context.close();
    }
  }
});

test("Nu HTML Checker: no errors in the fixture's pages", () => {
  const root = path.join(built, "explainer");
  const files = ["index.html", "sources/harbour-report/index.html"].map((f) => path.join(root, f));
  const jar = path.join(HERE, "node_modules", "vnu-jar", "build", "dist", "vnu.jar");
  const run = spawnSync("java", ["-Xss4m", "-jar", jar, "--errors-only", "--format", "json", ...files], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.equal(run.error, undefined, `could not run java: ${run.error}`);
  const raw = (run.stderr || run.stdout || "").trim();
  const messages = raw ? JSON.parse(raw).messages : [];
  const errors = messages.filter((m) => m.type === "error" || m.type === "non-document-error" || m.subType === "fatal");
  assert.deepEqual(
    errors.map((m) => `${m.url}:${m.lastLine}: ${m.message}`),
    [],
  );
});
