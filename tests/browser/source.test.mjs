// The shipped source page: the digest of the stored text and how to verify it are visible, the
// coverage line is there, and each cited passage links back to where it is cited.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { setup, watchedPage } from "./helpers.mjs";

let env;
before(async () => {
  env = await setup();
});
after(async () => {
  await env?.close();
});

for (const width of [1280, 390]) {
  test(`source page: digest, how to verify it and coverage are visible (${width}px)`, async () => {
    const { context, page } = await watchedPage(env.browser, { viewport: { width, height: 850 } });
    try {
      const res = await page.goto(env.url("sources/nysun-pyongyang/"));
      assert.equal(res.status(), 200);
      const digest = page.locator("code.text-digest");
      await digest.scrollIntoViewIfNeeded();
      assert.ok(await digest.isVisible(), "the digest is shown");
      assert.match((await digest.textContent()).trim(), /^sha256:[0-9a-f]{64}$/);
      const box = await digest.boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= width + 1, `the digest fits the ${width}px width: ${JSON.stringify(box)}`);
      const note = page.locator(".digest-note");
      assert.ok(await note.isVisible(), "how to verify it is shown");
      assert.match(await note.textContent(), /SHA-256/);
      const coverage = page.locator("p.coverage");
      assert.ok(await coverage.isVisible(), "the coverage line is shown");
      assert.match((await coverage.textContent()).trim(), /^\d+ of \d+ figures in this article are cited on this site\.$/);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `no sideways scrolling (${overflow}px)`);

      // A cited passage links back to the place citing it, and following the link lands there.
      const back = page.locator("li.passage .cited-by a").first();
      const href = await back.getAttribute("href");
      assert.match(href, /#ref-\d+-\d+$/);
      await back.click();
      await page.waitForFunction((h) => location.hash === "#" + h.split("#")[1], href);
      const landed = await page.evaluate(() => document.getElementById(location.hash.slice(1))?.tagName);
      assert.equal(landed, "A", "the back link lands on the figure's link");
    } finally {
      await context.close();
    }
  });
}
