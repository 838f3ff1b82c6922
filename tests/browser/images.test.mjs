// Share cards and responsive images as a browser sees them: og:image on the shipped pages names
// a 1200 × 630 card that loads; a page with a photo has no layout shift while the photo arrives.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { setup, watchedPage, PUBLIC, HERE } from "./helpers.mjs";
import { startServer } from "./serve.mjs";

/** The release binary, to build a fixture with a photo (the shipped site has none). */
const SITE_BIN = process.env.SITE_BIN ?? path.resolve(HERE, "../../target/release/site");

let env;
before(async () => {
  env = await setup();
});
after(async () => {
  await env?.close();
});

/** The sum of layout shifts the page has had (CLS as Lighthouse counts it, one session). */
async function layoutShift(page) {
  return page.evaluate(
    () =>
      new Promise((resolve) => {
        let total = 0;
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value;
        }).observe({ type: "layout-shift", buffered: true });
        setTimeout(() => resolve(total), 300);
      }),
  );
}

test("every page names its share card with absolute og:image and twitter tags, and the card loads at 1200 × 630", async () => {
  const { page } = await watchedPage(env.browser);
  for (const p of ["", "about/"]) {
    await page.goto(env.url(p));
    const tags = await page.evaluate(() => {
      const get = (sel) => document.querySelector(sel)?.getAttribute("content") ?? null;
      return {
        image: get('meta[property="og:image"]'),
        card: get('meta[name="twitter:card"]'),
        twitter: get('meta[name="twitter:image"]'),
        width: get('meta[property="og:image:width"]'),
        height: get('meta[property="og:image:height"]'),
      };
    });
    assert.equal(tags.image, `http://127.0.0.1/explainer/${p}share-card.png`, p);
    assert.equal(tags.twitter, tags.image, p);
    assert.equal(tags.card, "summary_large_image", p);
    assert.deepEqual([tags.width, tags.height], ["1200", "630"], p);
    // The built site is served on a free port: load the card by its path.
    const served = env.url(new URL(tags.image).pathname.replace(/^\/explainer\//, ""));
    const size = await page.evaluate(
      (src) =>
        new Promise((resolve, reject) => {
          const img = new Image();
          img.onload = () => resolve([img.naturalWidth, img.naturalHeight]);
          img.onerror = () => reject(new Error(`cannot load ${src}`));
          img.src = src;
        }),
      served,
    );
    assert.deepEqual(size, [1200, 630], p);
  }
  await page.context().close();
});

test("the shift check sees a shift: an image without a size moves the text below it", async () => {
  const { page } = await watchedPage(env.browser);
  const card = fs.readFileSync(path.join(PUBLIC, "share-card.png"));
  await page.route("**/late.png", async (route) => {
    await new Promise((r) => setTimeout(r, 400));
    await route.fulfill({ body: card, contentType: "image/png" });
  });
  await page.goto(env.url());
  await page.setContent(`<p>Before</p><img src="${env.url("late.png")}" alt="x"><p>After</p>`);
  await page.waitForFunction(() => document.querySelector("img").complete);
  assert.ok((await layoutShift(page)) > 0, "an unsized image shifts the text below it");
  await page.context().close();
});

/** The pixel width of the file behind `src`, decoded on its own (an `<img>` with a `w` srcset
 * reports its natural width divided by the density the browser gave it, not the file's). */
function fileWidth(page, src) {
  return page.evaluate(
    (url) =>
      new Promise((resolve, reject) => {
        const img = new Image();
        img.onload = () => resolve(img.naturalWidth);
        img.onerror = () => reject(new Error(`cannot load ${url}`));
        img.src = url;
      }),
    src,
  );
}

test("a page's photo reserves its box: no layout shift while it loads, WebP chosen, the width a screen needs", async (t) => {
  if (!fs.existsSync(SITE_BIN)) {
    t.skip(`no release binary at ${SITE_BIN}: run cargo build --release or set SITE_BIN`);
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "site-images-"));
  try {
    fs.mkdirSync(path.join(dir, "content"), { recursive: true });
    fs.writeFileSync(path.join(dir, "site.yaml"), "title: Photos\n");
    // The shipped card is a real PNG of 1200 × 630: the fixture's photo, published as WebP at
    // 480, 960 and its own 1200.
    fs.copyFileSync(path.join(PUBLIC, "share-card.png"), path.join(dir, "content", "photo.png"));
    fs.writeFileSync(
      path.join(dir, "content", "index.md"),
      "---\ntitle: A photo\n---\nA first paragraph.\n\n![The card as a photo](photo.png \"A caption. Credit: Test\")\n\nThe paragraph below the photo.\n",
    );
    const out = path.join(dir, "public");
    const built = spawnSync(SITE_BIN, ["--root", dir, "build", "--base-url", "http://127.0.0.1/explainer/", "--output", out], {
      encoding: "utf8",
    });
    assert.equal(built.status, 0, `build failed:\n${built.stderr}`);
    const server = await startServer(out);
    try {
      const { page } = await watchedPage(env.browser, { viewport: { width: 390, height: 844 } });
      const requested = [];
      await page.route(/\.(png|webp)$/, async (route) => {
        requested.push(new URL(route.request().url()).pathname);
        await new Promise((r) => setTimeout(r, 600));
        await route.continue();
      });
      await page.goto(server.url, { waitUntil: "domcontentloaded" });
      const before = await page.evaluate(() => {
        const r = document.querySelector(".prose img").getBoundingClientRect();
        return { width: r.width, height: r.height, complete: document.querySelector(".prose img").complete };
      });
      assert.equal(before.complete, false, "the photo is still loading");
      assert.ok(before.height > 0, "the box is reserved before the photo arrives");
      assert.ok(Math.abs(before.width / before.height - 1200 / 630) < 0.02, JSON.stringify(before));
      await page.waitForFunction(() => document.querySelector(".prose img").complete);
      assert.equal(await layoutShift(page), 0, "no layout shift while the photo loads");
      assert.ok(
        requested.some((p) => p.endsWith(".webp")),
        `a WebP width was chosen: ${requested.join(", ")}`,
      );
      await page.context().close();

      // Which copy a reader gets: the smallest that still has a pixel for each device pixel of
      // the photo's box. At 390 px the column is 358 px (the screen less a 16 px gutter each
      // side): 358 device pixels at a pixel ratio of 1 (the 480 copy), 716 at 2 (the 960
      // copy); at 1280 px the column is about 710 px wide (the 960 copy).
      const cases = [
        { width: 390, ratio: 1, file: 480 },
        { width: 390, ratio: 2, file: 960 },
        { width: 1280, ratio: 1, file: 960 },
      ];
      for (const c of cases) {
        const opened = await watchedPage(env.browser, {
          viewport: { width: c.width, height: 844 },
          deviceScaleFactor: c.ratio,
        });
        await opened.page.goto(server.url, { waitUntil: "load" });
        // The photo loads lazily: bring it into view and let it arrive.
        await opened.page.locator(".prose img").scrollIntoViewIfNeeded();
        await opened.page.waitForFunction(() => {
          const img = document.querySelector(".prose img");
          return img.complete && img.currentSrc !== "";
        });
        const shown = await opened.page.evaluate(() => {
          const img = document.querySelector(".prose img");
          return { box: img.getBoundingClientRect().width, src: img.currentSrc };
        });
        const label = `${c.width} px at ${c.ratio}x: ${JSON.stringify(shown)}`;
        assert.match(shown.src, new RegExp(`-${c.file}\\.webp$`), label);
        const pixels = await fileWidth(opened.page, shown.src);
        assert.equal(pixels, c.file, label);
        assert.ok(pixels >= shown.box * c.ratio, `sharp: the file covers the box's device pixels (${label})`);
        for (const smaller of [480, 960, 1200].filter((w) => w < c.file)) {
          assert.ok(smaller < shown.box * c.ratio, `no larger than needed: ${smaller} would be blurry (${label})`);
        }
        await opened.context.close();
      }
    } finally {
      await server.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
