// Shared set-up for the browser tests: the built site, the server, Chromium, axe-core.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startServer } from "./serve.mjs";

export const HERE = path.dirname(fileURLToPath(import.meta.url));

/** The built site: env SITE_PUBLIC (absolute or relative to this folder), default ../../public. */
export const PUBLIC = path.resolve(HERE, process.env.SITE_PUBLIC ?? "../../public");

export const SCREENSHOTS = path.join(HERE, "screenshots");

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** The pages every check runs on, relative to the site root. */
export const PAGES = [
  { name: "home", path: "" },
  { name: "about", path: "about/" },
  { name: "source", path: "sources/nysun-pyongyang/" },
  { name: "404", path: "this-page-does-not-exist/", status: 404 },
];

export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

const AXE_PATH = path.join(HERE, "node_modules", "axe-core", "axe.min.js");

export function assertSiteBuilt() {
  if (!fs.existsSync(path.join(PUBLIC, "index.html"))) {
    throw new Error(
      `No built site at ${PUBLIC}. Build it first, e.g.\n` +
        `  cargo run --release -- build --base-url http://127.0.0.1/explainer/ --output ${PUBLIC}\n` +
        `or point SITE_PUBLIC at the folder.`,
    );
  }
}

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-dev-shm-usage",
    ],
  });
}

/** Starts the server and the browser; returns { server, browser, url(p), close() }. */
export async function setup() {
  assertSiteBuilt();
  const server = await startServer(PUBLIC);
  const browser = await launch();
  return {
    server,
    browser,
    url: (p = "") => server.url + p,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/**
 * A new page that records every request's host, console errors and page errors.
 * `watch.foreign` lists requests that left 127.0.0.1.
 */
export async function watchedPage(browser, options = {}) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    colorScheme: "light",
    reducedMotion: "no-preference",
    ...options,
  });
  const page = await context.newPage();
  const watch = { requests: [], foreign: [], consoleErrors: [], pageErrors: [] };
  page.on("request", (req) => {
    const url = req.url();
    watch.requests.push(url);
    let u;
    try {
      u = new URL(url);
    } catch {
      watch.foreign.push(url);
      return;
    }
    if (u.protocol === "data:" || u.protocol === "blob:" || u.protocol === "about:") return;
    if (u.hostname !== "127.0.0.1") watch.foreign.push(url);
  });
  page.on("console", (msg) => {
    if (msg.type() === "error") watch.consoleErrors.push(msg.text());
  });
  page.on("pageerror", (err) => watch.pageErrors.push(String(err)));
  return { context, page, watch };
}

/** Runs axe-core on the current page with the WCAG A/AA tags; returns the violations. */
export async function runAxe(page) {
  await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate(async (tags) => {
    // eslint-disable-next-line no-undef
    const result = await axe.run(document, { runOnly: { type: "tag", values: tags } });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target.join(" "), summary: n.failureSummary })),
    }));
  }, AXE_TAGS);
}

export function formatViolations(violations) {
  return violations
    .map(
      (v) =>
        `- ${v.id} (${v.impact}): ${v.help}\n` +
        v.nodes.map((n) => `    ${n.target}\n      ${(n.summary ?? "").replace(/\n/g, "\n      ")}`).join("\n"),
    )
    .join("\n");
}

/** Whether the element is (at least partly, and at least `min` px tall) inside the viewport. */
export async function inViewport(page, selector) {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel);
    if (!el) return false;
    const r = el.getBoundingClientRect();
    const vh = window.innerHeight;
    const vw = document.documentElement.clientWidth;
    const visibleH = Math.min(r.bottom, vh) - Math.max(r.top, 0);
    return r.width > 0 && r.height > 0 && visibleH >= Math.min(16, r.height) && r.right > 0 && r.left < vw;
  }, selector);
}

export async function waitInViewport(page, selector, timeout = 5000) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    if (await inViewport(page, selector)) return true;
    await page.waitForTimeout(50);
  }
  return inViewport(page, selector);
}

export function cssEscape(id) {
  return id.replace(/([^a-zA-Z0-9_-])/g, "\\$1");
}
