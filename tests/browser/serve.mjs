// A tiny static server for a built site, with no dependencies.
// Serves a public/ folder under a sub-path (default /explainer/) on 127.0.0.1:<free port>:
//   /explainer/x/  -> x/index.html
//   /explainer/x   -> 301 to /explainer/x/ when x is a folder
//   unknown        -> the site's 404.html with status 404
// Usage as a program: node serve.mjs <public-dir> [port]  (port 0 or omitted: a free port)

import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const PREFIX = "/explainer/";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".pdf": "application/pdf",
  ".webmanifest": "application/manifest+json",
};

export function contentType(file) {
  const base = path.basename(file);
  if (base === "atom.xml") return "application/atom+xml; charset=utf-8";
  return TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream";
}

function statOrNull(p) {
  try {
    return fs.statSync(p);
  } catch {
    return null;
  }
}

/**
 * Starts the server. Resolves to { server, port, origin, url, close() } where `url` is the
 * site's root (origin + prefix).
 */
export function startServer(root, { port = 0, host = "127.0.0.1", prefix = PREFIX } = {}) {
  const rootDir = path.resolve(root);
  if (!statOrNull(rootDir)?.isDirectory()) {
    return Promise.reject(new Error(`public folder not found: ${rootDir}`));
  }
  const bare = prefix.replace(/\/$/, "");

  function send(req, res, status, file, extraHeaders = {}) {
    const body = fs.readFileSync(file);
    res.writeHead(status, {
      "Content-Type": contentType(file),
      "Content-Length": body.length,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
      ...extraHeaders,
    });
    res.end(req.method === "HEAD" ? undefined : body);
  }

  function notFound(req, res) {
    const page = path.join(rootDir, "404.html");
    if (statOrNull(page)?.isFile()) return send(req, res, 404, page);
    res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" });
    res.end(req.method === "HEAD" ? undefined : "404 Not Found\n");
  }

  function redirect(res, location) {
    res.writeHead(301, { Location: location, "Content-Type": "text/plain; charset=utf-8" });
    res.end(`Moved to ${location}\n`);
  }

  const server = http.createServer((req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { Allow: "GET, HEAD" });
      return res.end();
    }
    const url = new URL(req.url, "http://localhost");
    let pathname;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return notFound(req, res);
    }
    if (pathname === bare) return redirect(res, prefix + url.search);
    if (!pathname.startsWith(prefix) || pathname.includes("\0")) return notFound(req, res);

    const rel = pathname.slice(prefix.length);
    const target = path.resolve(rootDir, "." + path.posix.sep + rel);
    if (target !== rootDir && !target.startsWith(rootDir + path.sep)) return notFound(req, res);

    const st = statOrNull(target);
    if (st?.isDirectory()) {
      if (!pathname.endsWith("/")) return redirect(res, url.pathname + "/" + url.search);
      const index = path.join(target, "index.html");
      if (statOrNull(index)?.isFile()) return send(req, res, 200, index);
      return notFound(req, res);
    }
    if (st?.isFile() && !pathname.endsWith("/")) return send(req, res, 200, target);
    return notFound(req, res);
  });

  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const actual = server.address().port;
      const origin = `http://${host}:${actual}`;
      resolve({
        server,
        port: actual,
        origin,
        url: origin + prefix,
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const root = process.argv[2] ?? process.env.SITE_PUBLIC ?? "../../public";
  const port = Number(process.argv[3] ?? 0);
  startServer(root, { port }).then(
    ({ url }) => console.log(`Serving ${path.resolve(root)} at ${url}`),
    (err) => {
      console.error(err.message);
      process.exit(1);
    },
  );
}
