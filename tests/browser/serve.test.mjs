// The helper server: sub-path, folder indexes, redirects, 404s and content types.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startServer } from "./serve.mjs";

let dir, srv;
before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "serve-test-"));
  fs.mkdirSync(path.join(dir, "x"));
  fs.writeFileSync(path.join(dir, "index.html"), "<p>home</p>");
  fs.writeFileSync(path.join(dir, "x", "index.html"), "<p>x</p>");
  fs.writeFileSync(path.join(dir, "404.html"), "<p>missing</p>");
  fs.writeFileSync(path.join(dir, "style.css"), "p{}");
  fs.writeFileSync(path.join(dir, "favicon.svg"), "<svg/>");
  fs.writeFileSync(path.join(dir, "atom.xml"), "<feed/>");
  fs.writeFileSync(path.join(dir, "site.js"), "1");
  srv = await startServer(dir);
});
after(async () => {
  await srv?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const get = (p) => fetch(srv.origin + p, { redirect: "manual" });

test("listens on 127.0.0.1 under /explainer/", () => {
  assert.match(srv.url, /^http:\/\/127\.0\.0\.1:\d+\/explainer\/$/);
});

test("folders serve their index.html", async () => {
  let r = await get("/explainer/");
  assert.equal(r.status, 200);
  assert.equal(await r.text(), "<p>home</p>");
  assert.match(r.headers.get("content-type"), /^text\/html/);
  r = await get("/explainer/x/");
  assert.equal(r.status, 200);
  assert.equal(await r.text(), "<p>x</p>");
});

test("folders without a slash redirect", async () => {
  let r = await get("/explainer/x");
  assert.equal(r.status, 301);
  assert.equal(r.headers.get("location"), "/explainer/x/");
  r = await get("/explainer");
  assert.equal(r.status, 301);
  assert.equal(r.headers.get("location"), "/explainer/");
});

test("unknown paths get 404.html with status 404", async () => {
  for (const p of ["/explainer/nope/", "/explainer/nope", "/", "/elsewhere/x/", "/explainer/../etc/passwd", "/explainer/%2e%2e/%2e%2e/etc/passwd", "/explainer/style.css/"]) {
    const r = await get(p);
    assert.equal(r.status, 404, p);
    assert.equal(await r.text(), "<p>missing</p>", p);
  }
});

test("content types", async () => {
  const cases = {
    "/explainer/style.css": /^text\/css/,
    "/explainer/site.js": /^text\/javascript/,
    "/explainer/favicon.svg": /^image\/svg\+xml/,
    "/explainer/atom.xml": /^application\/atom\+xml/,
  };
  for (const [p, type] of Object.entries(cases)) {
    const r = await get(p);
    assert.equal(r.status, 200, p);
    assert.match(r.headers.get("content-type"), type, p);
    await r.arrayBuffer();
  }
});
