#!/usr/bin/env python3
"""How long `site serve` takes from saving one page to serving it rebuilt.

Starts `site serve --port 0` on a project, waits for its first build, then edits one page
again and again (a sentence with a new word appended each time, as an editor's save writes the
file) and, for each edit, times from the write to:

- `notice`: the server printing `Rebuilt in N ms` (the watcher's debounce, the rebuild, and
  the new site put in place), and the N it prints (`server`: the rebuild alone);
- `served`: the first answer to `GET` of that page holding the new word (polled every 2 ms
  from the write on), which is what a browser's live reload fetches;
- `CPU`: the CPU time the server's threads ran from the write to `Rebuilt` (schedstat, all
  threads; it includes answering the polls), which a loaded machine does not inflate as it
  does wall time.

The page's text is put back at the end. Prints one line per edit, then the median, minimum and
maximum of each, the first build's time and the server's peak memory (VmHWM).

    python3 bench/serve_edit.py --root /dev/shm/site-bench/cited-10000/site \\
        --page content/posts/page-05000.md --edits 20 --site target/release/site
"""

import argparse
import os
import queue
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.request


def letters(n):
    """A word of letters for n, so the edit adds no figure the build would warn about."""
    out = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(ord("a") + r) + out
    return "zqedit" + out


def page_url(page):
    """The URL path `site` gives a page file: content/a/b.md -> /a/b/, content/a/index.md -> /a/."""
    rel = page[len("content/"):] if page.startswith("content/") else page
    rel = rel[: -len(".md")]
    if rel == "index" or rel.endswith("/index") or rel.endswith("/_index"):
        rel = rel.rsplit("index", 1)[0].rstrip("_")
        return "/" + rel
    return "/" + rel + "/"


def reader(stream, lines):
    """Hands each line of the server's output on with the time it arrived."""
    for line in iter(stream.readline, ""):
        lines.put((time.perf_counter(), line.rstrip("\n")))
    lines.put((time.perf_counter(), None))


def wait_for(lines, pattern, timeout):
    """The first line matching pattern, with its arrival time."""
    deadline = time.perf_counter() + timeout
    while True:
        left = deadline - time.perf_counter()
        if left <= 0:
            raise TimeoutError(f"no line matching {pattern!r} within {timeout} s")
        at, line = lines.get(timeout=left)
        if line is None:
            raise RuntimeError("the server exited")
        m = re.search(pattern, line)
        if m:
            return at, m, line


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read()
    except OSError:
        return b""


def peak_rss_mib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def cpu_ms(pid):
    """The CPU time all the server's threads have run so far, in ms (from schedstat, in ns)."""
    total = 0
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            try:
                with open(f"/proc/{pid}/task/{task}/schedstat") as f:
                    total += int(f.read().split()[0])
            except (OSError, ValueError, IndexError):
                pass
    except OSError:
        return float("nan")
    return total / 1e6


def summary(name, values):
    return (f"{name}: median {statistics.median(values):.1f} ms, "
            f"min {min(values):.1f} ms, max {max(values):.1f} ms")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--root", required=True, help="the project folder")
    ap.add_argument("--page", required=True, help="the page to edit, relative to the root")
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--site", default="target/release/site", help="the site binary")
    ap.add_argument("--pause", type=float, default=0.5, help="seconds between edits")
    ap.add_argument("--timeout", type=float, default=1800, help="seconds allowed for the first build")
    args = ap.parse_args()

    path = os.path.join(args.root, args.page)
    with open(path, encoding="utf-8") as f:
        original = f.read()
    server = subprocess.Popen(
        [args.site, "--root", args.root, "serve", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, bufsize=1,
    )
    lines = queue.Queue()
    threading.Thread(target=reader, args=(server.stdout, lines), daemon=True).start()
    try:
        started = time.perf_counter()
        _, built, built_line = wait_for(lines, r"^Built .* in (\d+) ms", args.timeout)
        first_s = time.perf_counter() - started
        _, serving, _ = wait_for(lines, r"^Serving (\S+)", 60)
        url = serving.group(1).rstrip("/") + page_url(args.page)
        if not get(url):
            raise RuntimeError(f"{url} is not served")
        print(f"first build: {built_line} ({first_s:.1f} s from start); page {url}")
        notice, served, server_ms, cpu = [], [], [], []
        for i in range(args.edits):
            time.sleep(args.pause)
            word = letters(i)
            while not lines.empty():
                lines.get_nowait()
            text = f"{original}\nAn edit adds the word {word} here.\n"
            cpu0 = cpu_ms(server.pid)
            t0 = time.perf_counter()
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            got = None
            while got is None:
                if word.encode() in get(url):
                    got = time.perf_counter()
                elif time.perf_counter() - t0 > 60:
                    raise TimeoutError(f"edit {i}: the page did not change within 60 s")
                else:
                    time.sleep(0.002)
            at, m, _ = wait_for(lines, r"^Rebuilt in (\d+) ms", 60)
            cpu.append(cpu_ms(server.pid) - cpu0)
            notice.append((at - t0) * 1000)
            served.append((got - t0) * 1000)
            server_ms.append(float(m.group(1)))
            print(f"edit {i + 1}: notice {notice[-1]:.1f} ms, served {served[-1]:.1f} ms, "
                  f"server {server_ms[-1]:.0f} ms, CPU {cpu[-1]:.1f} ms")
        print(summary("notice (write to `Rebuilt`)", notice))
        print(summary("served (write to the new page served)", served))
        print(summary("server (its own `Rebuilt in N ms`)", server_ms))
        print(summary("CPU (the server's threads, from the write to `Rebuilt`)", cpu))
        print(f"first build: {built.group(1)} ms; server peak RSS: {peak_rss_mib(server.pid):.0f} MiB")
    finally:
        with open(path, "w", encoding="utf-8") as f:
            f.write(original)
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
