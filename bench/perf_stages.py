#!/usr/bin/env python3
"""Where site's CPU time goes, from `perf script` output of a `perf record --call-graph dwarf` run.

Usage: perf script -F tid,ip,sym,dso -i perf.data | perf_stages.py MAIN_TID [TOP]

Prints three tables, each in % of all samples (CPU time summed over threads, not wall time):
  - stages: each sample goes to the first category (in the order of STAGES) that any frame of
    its call chain matches, so minify-html called from the render closure counts as "minify";
  - self: the leaf function of each sample (top TOP functions);
  - threads: the main thread (serial work; rayon runs the parallel stages on worker threads)
    against the workers, with the main thread's top stages.
"""

import collections
import re
import sys

# (name, regex on a demangled frame symbol). First match in this order wins.
STAGES = [
    ("minify (minify-html)", r"minify_html::|site::output::minify"),
    ("Tera: context building (serde to tera::Value)", r"tera::context::Context::insert|tera::.*to_value|Context::insert|Serialize for site::render::"),
    ("Tera: template rendering", r"\btera::|Renderer::render"),
    ("quote normalisation (NFKC, folding)", r"unicode_normalization::|site::text::normalize::"),
    ("quote search and context (cite::source)", r"site::cite::source::"),
    ("figure extraction and check (text::figures)", r"site::text::figures::"),
    ("Markdown: pulldown-cmark parse and HTML", r"pulldown_cmark::"),
    ("Markdown: site's pass (ids, citations, uncited figures)", r"site::markdown::"),
    ("sources panel (other)", r"site::panel::"),
    ("JSON-LD per page", r"site::feeds::jsonld"),
    ("citations.json (annotations)", r"site::feeds::citations_json|site::feeds::annotation|site::assemble::annotations|site::pipeline::citations|citations_json"),
    ("atom.xml and sitemap.xml", r"site::feeds::(atom|sitemap|rfc3339)"),
    ("source page data", r"source_data|full_text_html"),
    ("page data (assemble::page_data)", r"page_data|section_pages"),
    ("writing files (output::)", r"site::output::|Staging::|std::fs::write|fs::copy"),
    ("loading files (content::)", r"site::content::"),
    ("front matter (YAML)", r"site::front_matter::|site::yaml::|serde_yaml|yaml_serde|unsafe_libyaml|libyaml"),
    ("theme loading and Tera compile", r"site::theme::"),
    ("freeing memory (drop_in_place)", r"drop_in_place"),
]
# rayon's own frames are on every parallel stack; a sample whose leaf frames are rayon's or
# crossbeam's waiting code is a worker with nothing to do.
IDLE = re.compile(r"rayon_core::sleep|rayon_core::registry::WorkerThread::wait|crossbeam|sched_yield|futex|__GI___sched|rayon_core::latch")
COMPILED = [(name, re.compile(rx)) for name, rx in STAGES]


LIBC_INLINED = re.compile(r"^(unlink_chunk|malloc_consolidate|tcache_\w+|_int_\w+|__GI___libc_\w+|__libc_\w+|mem\w+|__mem\w+|str\w+|__str\w+)\b")


def crate_of(sym, dso):
    if "kernel" in dso:
        return "kernel"
    if "libc.so" in dso or LIBC_INLINED.match(sym):
        return "libc (malloc, free, memcpy, memcmp)"
    if "ld-linux" in dso:
        return "dynamic loader"
    if sym.startswith("[unknown]") or not sym:
        return f"unknown ({dso})"
    m = re.search(r"([a-z_][a-z0-9_]*)::", sym)
    if m:
        return m.group(1)
    return sym[:40]


def clean(sym):
    sym = re.sub(r"\+0x[0-9a-f]+$", "", sym)
    sym = re.sub(r"::h[0-9a-f]{16}$", "", sym)
    return sym


def main():
    main_tid = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    stage = collections.Counter()
    leaf = collections.Counter()
    crates = collections.Counter()
    threads = collections.Counter()
    main_stage = collections.Counter()
    total = 0

    def flush(tid, frames):
        nonlocal total
        if tid is None:
            return
        total += 1
        is_main = tid == main_tid
        threads["main thread (serial)" if is_main else "rayon workers (parallel)"] += 1
        name = None
        if any(IDLE.search(f[0]) for f in frames[:6]):
            name = "rayon workers waiting for work (spin, yield, sleep)"
        for cname, rx in COMPILED:
            if name is None and any(rx.search(f[0]) for f in frames):
                name = cname
        if name is None:
            # Code inlined into a caller: name the innermost function of site's own.
            own = next((f[0] for f in frames if f[0].startswith("site::")), None)
            if own:
                name = f"other, in {own} (inlined code)"
            elif any("rayon" in f[0] for f in frames):
                name = "other, in a rayon closure (inlined code)"
            elif frames and "kernel" in frames[0][1]:
                name = "other: kernel (exec, page faults, exit)"
            else:
                name = "other"
        stage[name] += 1
        if is_main:
            main_stage[name] += 1
        if frames:
            leaf[clean(frames[0][0])] += 1
            crates[crate_of(frames[0][0], frames[0][1])] += 1

    tid, frames = None, []
    frame_re = re.compile(r"^\s+[0-9a-f]+\s+(.*?)\s+\(([^)]*)\)\s*$")
    for line in sys.stdin:
        if not line.strip():
            flush(tid, frames)
            tid, frames = None, []
            continue
        if not line.startswith("\t"):  # a sample's header (" 1234 "); its frames start with a tab
            flush(tid, frames)
            tid, frames = line.split()[0], []
            continue
        m = frame_re.match(line)
        if m:
            frames.append((clean(m.group(1)), m.group(2)))
    flush(tid, frames)
    if total == 0:
        sys.exit("no samples")

    def table(title, counter, n=None):
        print(f"\n{title} ({total} samples)\n")
        print("| share | what |\n|---:|---|")
        for name, c in counter.most_common(n):
            print(f"| {100 * c / total:.1f}% | {name.replace('|', '/')} |")

    table("Stages (CPU time, all threads)", stage)
    table("Threads", threads)
    table("Main thread only, by stage (serial work)", main_stage, 12)
    table("Self time by crate of the leaf function", crates, 15)
    table(f"Self time, top {top} functions", leaf, top)


if __name__ == "__main__":
    main()
