#!/usr/bin/env python3
"""The results table from bench/run.sh's raw files.

Usage: report.py RESULTS_DIR SIZE...

Reads RESULTS_DIR/hyperfine-SIZE.json (hyperfine --export-json, commands named `site` and
`hugo`) and RESULTS_DIR/mem-TOOL-SIZE.txt (GNU time `%M %e`: peak RSS in KiB, wall seconds).
Times are the median of the timed runs (min-max in brackets); pages/s counts the generated pages
(the home page, the section page and the source pages come on top); ratio is site's median over
Hugo's median: below 1 means site is faster. CPU is user + system time (hyperfine's means over
the timed runs), summed over threads: on a shared machine it is less disturbed by other
processes than wall time, so its ratio is a second opinion.
"""

import json
import os
import statistics
import sys


def median_runs(path, name):
    with open(path) as f:
        data = json.load(f)
    for r in data["results"]:
        if r["command"] == name:
            times = r["times"]
            return statistics.median(times), min(times), max(times), r["user"] + r["system"]
    return None


def peak_mib(path):
    try:
        with open(path) as f:
            kib = int(f.read().split()[0])
        return kib / 1024
    except (OSError, ValueError, IndexError):
        return None


def main():
    results, sizes = sys.argv[1], sys.argv[2:]
    print(
        "| pages | site time (s) | site pages/s | site peak MiB | Hugo time (s) | Hugo peak MiB "
        "| ratio site/Hugo | site CPU (s) | Hugo CPU (s) | CPU ratio |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in sizes:
        hf = os.path.join(results, f"hyperfine-{n}.json")
        try:
            site = median_runs(hf, "site")
            hugo = median_runs(hf, "hugo")
        except OSError:
            site = hugo = None
        sm = peak_mib(os.path.join(results, f"mem-site-{n}.txt"))
        hm = peak_mib(os.path.join(results, f"mem-hugo-{n}.txt"))

        def t(x):
            return "not measured" if x is None else f"{x[0]:.3f} ({x[1]:.3f}–{x[2]:.3f})"

        def m(x):
            return "not measured" if x is None else f"{x:.0f}"

        pps = "not measured" if site is None else f"{int(n) / site[0]:,.0f}"
        both = site is not None and hugo is not None
        ratio = f"{site[0] / hugo[0]:.2f}" if both else "not measured"
        cpu_ratio = f"{site[3] / hugo[3]:.2f}" if both else "not measured"

        def c(x):
            return "not measured" if x is None else f"{x[3]:.2f}"

        print(
            f"| {int(n):,} | {t(site)} | {pps} | {m(sm)} | {t(hugo)} | {m(hm)} | {ratio} "
            f"| {c(site)} | {c(hugo)} | {cpu_ratio} |"
        )


def before_after():
    """When bench/run.sh ran with SITE_BASE_BIN: the two site binaries side by side."""
    results, sizes = sys.argv[1], sys.argv[2:]
    rows = []
    for n in sizes:
        hf = os.path.join(results, f"hyperfine-{n}.json")
        try:
            site = median_runs(hf, "site")
            base = median_runs(hf, "site-before")
            hugo = median_runs(hf, "hugo")
        except OSError:
            continue
        if site is None or base is None or hugo is None:
            continue
        sm = peak_mib(os.path.join(results, f"mem-site-{n}.txt"))
        bm = peak_mib(os.path.join(results, f"mem-base-{n}.txt"))
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
