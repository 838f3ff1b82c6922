// The Nu HTML Checker (vnu.jar) over every .html file of the built site: no errors.

import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { PUBLIC, HERE, assertSiteBuilt } from "./helpers.mjs";

function htmlFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...htmlFiles(p));
    else if (entry.name.endsWith(".html")) out.push(p);
  }
  return out.sort();
}

test("Nu HTML Checker: no errors in any page", () => {
  assertSiteBuilt();
  const files = htmlFiles(PUBLIC);
  assert.ok(files.length >= 4, `expected at least 4 pages, found ${files.length}`);
  const jar = path.join(HERE, "node_modules", "vnu-jar", "build", "dist", "vnu.jar");
  const run = spawnSync("java", ["-Xss4m", "-jar", jar, "--errors-only", "--format", "json", ...files], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.equal(run.error, undefined, `could not run java: ${run.error}`);
  const raw = (run.stderr || run.stdout || "").trim();
  let messages = [];
  try {
    messages = raw ? JSON.parse(raw).messages : [];
  } catch {
    assert.fail(`vnu output is not JSON (exit ${run.status}):\n${raw.slice(0, 2000)}`);
  }
  const errors = messages.filter((m) => m.type === "error" || m.type === "non-document-error" || m.subType === "fatal");
  const report = errors
    .map((m) => `${path.relative(PUBLIC, new URL(m.url).pathname)}:${m.lastLine ?? "?"}:${m.firstColumn ?? "?"} ${m.message}\n    ${(m.extract ?? "").replace(/\n/g, " ")}`)
    .join("\n");
  assert.equal(errors.length, 0, `vnu found ${errors.length} error(s) in ${files.length} files:\n${report}`);
  assert.equal(run.status, 0, `vnu exited with ${run.status}`);
});
