#!/usr/bin/env python3
"""The results table of one corpus from bench/run.sh's raw files.

Usage: report.py RESULTS_DIR CORPUS SIZE...

Reads RESULTS_DIR/hyperfine-CORPUS-SIZE.json (hyperfine --export-json, commands named `site`,
`hugo`, when Zola was run `zola`, and with SITE_BASE_BIN `site-before`) and
RESULTS_DIR/mem-TOOL-CORPUS-SIZE.txt (GNU time `%M %e`: peak RSS in KiB, wall seconds). Times are the median of the timed runs (min-max in
brackets); pages/s counts the generated pages (the home page, the section page and the source
pages come on top); a ratio is site's median over the peer's: below 1 means site is faster.
CPU is user + system time (hyperfine's means over the timed runs), summed over threads: on a
shared machine it is less disturbed by other processes than wall time, so its ratio is a second
opinion. With SITE_BASE_BIN, a second table compares the two site binaries.
"""

import json
import os
import statistics
import sys

PEERS = ("hugo", "zola")
NAMES = {"site": "site", "hugo": "Hugo", "zola": "Zola"}


def runs(path):
    """{tool: (median, min, max, cpu)} for the commands hyperfine timed."""
    try:
        with open(path) as f:
            data = json.load(f)
    except OSError:
        return {}
    out = {}
    for r in data["results"]:
        times = r["times"]
        out[r["command"]] = (statistics.median(times), min(times), max(times), r["user"] + r["system"])
    return out


def peak_mib(path):
    try:
        with open(path) as f:
            kib = int(f.read().split()[0])
        return kib / 1024
    except (OSError, ValueError, IndexError):
        return None


def main():
    results, corpus, sizes = sys.argv[1], sys.argv[2], sys.argv[3:]
    timed = {n: runs(os.path.join(results, f"hyperfine-{corpus}-{n}.json")) for n in sizes}
    tools = ["site"] + [p for p in PEERS if any(p in t for t in timed.values())]
    peers = tools[1:]
    print(f"Corpus `{corpus}`:")
    print()
    head = ["pages"]
    head += [f"{NAMES[t]} time (s)" for t in tools]
    head += ["site pages/s"]
    head += [f"ratio site/{NAMES[p]}" for p in peers]
    head += [f"{NAMES[t]} peak MiB" for t in tools]
    head += [f"{NAMES[t]} CPU (s)" for t in tools]
    head += [f"CPU ratio site/{NAMES[p]}" for p in peers]
    print("| " + " | ".join(head) + " |")
    print("|" + "---:|" * len(head))
    for n in sizes:
        t = timed[n]
        site = t.get("site")
        row = [f"{int(n):,}"]
        for tool in tools:
            x = t.get(tool)
            row.append("not measured" if x is None else f"{x[0]:.3f} ({x[1]:.3f}–{x[2]:.3f})")
        row.append("not measured" if site is None else f"{int(n) / site[0]:,.0f}")
        for p in peers:
            x = t.get(p)
            row.append(f"{site[0] / x[0]:.2f}" if site and x else "not measured")
        for tool in tools:
            m = peak_mib(os.path.join(results, f"mem-{tool}-{corpus}-{n}.txt"))
            row.append("not measured" if m is None else f"{m:.0f}")
        for tool in tools:
            x = t.get(tool)
            row.append("not measured" if x is None else f"{x[3]:.2f}")
        for p in peers:
            x = t.get(p)
            row.append(f"{site[3] / x[3]:.2f}" if site and x else "not measured")
        print("| " + " | ".join(row) + " |")


def before_after():
    """When bench/run.sh ran with SITE_BASE_BIN: the two site binaries side by side."""
    results, corpus, sizes = sys.argv[1], sys.argv[2], sys.argv[3:]
    rows = []
    for n in sizes:
        t = runs(os.path.join(results, f"hyperfine-{corpus}-{n}.json"))
        site, base, hugo = t.get("site"), t.get("site-before"), t.get("hugo")
        if site is None or base is None or hugo is None:
            continue
        sm = peak_mib(os.path.join(results, f"mem-site-{corpus}-{n}.txt"))
        bm = peak_mib(os.path.join(results, f"mem-base-{corpus}-{n}.txt"))
        rows.append(
            f"| {int(n):,} | {base[0] / hugo[0]:.2f} | {site[0] / hugo[0]:.2f} "
            f"| {site[0] / base[0]:.2f} | {base[3] / hugo[3]:.2f} | {site[3] / hugo[3]:.2f} "
            f"| {bm or 0:.0f} | {sm or 0:.0f} |"
        )
    if rows:
        print()
        print(
            "| pages | before/Hugo | after/Hugo | after/before | before/Hugo CPU "
            "| after/Hugo CPU | before peak MiB | after peak MiB |"
        )
        print("|---:|---:|---:|---:|---:|---:|---:|---:|")
        print("\n".join(rows))


if __name__ == "__main__":
    main()
    before_after()
