#!/usr/bin/env bash
# Benchmark `site` against Hugo on the same synthetic pages (see BENCHMARKS.md).
#
#   bench/run.sh            100, 1,000 and 10,000 pages: hyperfine (site and Hugo side by side),
#                           peak memory with GNU time, a Markdown table at the end
#   bench/run.sh --smoke    100 pages, one `site build --strict` (and one Hugo build if Hugo is
#                           installed); checks the builds succeed, no timing
#
# Installs nothing. Needs: cargo, python3; for the full run also hugo, hyperfine and GNU time
# (apt-get install -y hugo hyperfine time).
#
# Settings (environment): SIZES ("100 1000 10000"), RUNS (5), WARMUP (1), SEED (1),
# BENCH_DIR (/dev/shm/site-bench, keep it on tmpfs), SITE_BIN (skip `cargo build --release` and
# use this binary), HUGO (hugo), SITE_BASE_BIN (a second site binary, e.g. a build of `main`,
# timed in the same hyperfine call as `site-before`, so a change is compared side by side).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
smoke=0
case "${1:-}" in
  --smoke) smoke=1 ;;
  "") ;;
  -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "usage: bench/run.sh [--smoke]" >&2; exit 2 ;;
esac

BENCH_DIR=${BENCH_DIR:-/dev/shm/site-bench}
SIZES=${SIZES:-"100 1000 10000"}
RUNS=${RUNS:-5}
WARMUP=${WARMUP:-1}
SEED=${SEED:-1}
HUGO=${HUGO:-hugo}
[ "$smoke" = 1 ] && SIZES=100

need() {
  command -v "$1" >/dev/null 2>&1 || {
    echo "bench/run.sh: \`$1\` is not installed; $2" >&2
    exit 2
  }
}
need python3 "install Python 3"
if [ "$smoke" = 0 ]; then
  need "$HUGO" "apt-get install -y hugo"
  need hyperfine "apt-get install -y hyperfine"
  [ -x /usr/bin/time ] || { echo "bench/run.sh: GNU time is not installed; apt-get install -y time" >&2; exit 2; }
fi
case "$BENCH_DIR" in
  /dev/shm/*) ;;
  *) echo "note: BENCH_DIR=$BENCH_DIR is not under /dev/shm; timings will include disk I/O" >&2 ;;
esac

# 1. The release binary.
if [ -z "${SITE_BIN:-}" ]; then
  need cargo "install Rust (https://rustup.rs)"
  echo "== cargo build --release"
  (cd "$root" && cargo build --release --quiet)
  SITE_BIN=$root/target/release/site
fi
[ -x "$SITE_BIN" ] || { echo "bench/run.sh: no binary at $SITE_BIN" >&2; exit 2; }

mkdir -p "$BENCH_DIR/results"
results=$BENCH_DIR/results

# 2. The corpora, regenerated only when the generator, the seed or the size changed.
gen_stamp=$( (sha256sum "$here/gen_corpus.py" | cut -c1-16; echo "seed=$SEED") | tr '\n' ' ')
for n in $SIZES; do
  dir=$BENCH_DIR/$n
  if [ "$(cat "$dir/.stamp" 2>/dev/null || true)" != "$gen_stamp" ]; then
    echo "== generating $n pages in $dir"
    python3 "$here/gen_corpus.py" --pages "$n" --seed "$SEED" --out "$dir"
    echo "$gen_stamp" > "$dir/.stamp"
  fi
done

site_cmd() { echo "$SITE_BIN --root $BENCH_DIR/$1/site build --output $BENCH_DIR/$1/site-public"; }
base_cmd() { echo "$SITE_BASE_BIN --root $BENCH_DIR/$1/site build --output $BENCH_DIR/$1/base-public"; }
hugo_cmd() { echo "$HUGO --source $BENCH_DIR/$1/hugo --destination $BENCH_DIR/$1/hugo-public --cacheDir $BENCH_DIR/hugo-cache --quiet"; }
clean_cmd() { echo "rm -rf $BENCH_DIR/$1/site-public $BENCH_DIR/$1/base-public $BENCH_DIR/$1/hugo-public"; }

# 3. One checked build of each: the corpus must pass `--strict` (no uncited figure), and every
#    page must be written.
verify() {
  local n=$1 out
  eval "$(clean_cmd "$n")"
  out=$("$SITE_BIN" --root "$BENCH_DIR/$n/site" build --strict --output "$BENCH_DIR/$n/site-public" 2>&1) || {
    echo "$out" | tail -40 >&2
    echo "bench/run.sh: site build of $n pages failed" >&2
    exit 1
  }
  echo "site: $out"
  local pages
  pages=$(find "$BENCH_DIR/$n/site-public/posts" -name index.html | wc -l)
  [ "$pages" -eq $((n + 1)) ] || { echo "bench/run.sh: expected $((n + 1)) pages under posts/, found $pages" >&2; exit 1; }
  for f in index.html 404.html sitemap.xml atom.xml citations.json sources/src-01/index.html; do
    [ -s "$BENCH_DIR/$n/site-public/$f" ] || { echo "bench/run.sh: site wrote no $f" >&2; exit 1; }
  done
  if command -v "$HUGO" >/dev/null 2>&1; then
    eval "$(hugo_cmd "$n")" >/dev/null || { echo "bench/run.sh: hugo build of $n pages failed" >&2; exit 1; }
    pages=$(find "$BENCH_DIR/$n/hugo-public/posts" -name index.html | wc -l)
    [ "$pages" -eq $((n + 1)) ] || { echo "bench/run.sh: hugo wrote $pages pages under posts/, expected $((n + 1))" >&2; exit 1; }
    echo "hugo: wrote $pages pages under posts/"
  fi
}

if [ "$smoke" = 1 ]; then
  echo "== smoke: 100 pages"
  verify 100
  echo "smoke OK"
  exit 0
fi

# 4. Timing (hyperfine, site and Hugo side by side) and peak memory (GNU time, one run each).
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "site: $("$SITE_BIN" --version) ($(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo '?')$(cd "$root" && [ -n "$(git status --porcelain -- src Cargo.toml Cargo.lock 2>/dev/null)" ] && echo ', src/ modified'))"
  echo "hugo: $("$HUGO" version | head -1)"
  echo "hyperfine: $(hyperfine --version)"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$results/env.txt"

for n in $SIZES; do
  echo "== $n pages"
  verify "$n"
  base=()
  tools="site hugo"
  if [ -n "${SITE_BASE_BIN:-}" ]; then
    base=(-n site-before "$(base_cmd "$n")")
    tools="site base hugo"
  fi
  hyperfine --warmup "$WARMUP" --runs "$RUNS" --style basic \
    --export-json "$results/hyperfine-$n.json" \
    --prepare "$(clean_cmd "$n")" \
    -n site "$(site_cmd "$n")" \
    "${base[@]}" \
    -n hugo "$(hugo_cmd "$n")"
  for tool in $tools; do
    eval "$(clean_cmd "$n")"
    cmd=$("${tool}_cmd" "$n")
    # shellcheck disable=SC2086 # the command is split into words on purpose
    /usr/bin/time -f '%M %e' -o "$results/mem-$tool-$n.txt" $cmd >/dev/null 2>&1
  done
  echo "peak RSS (KiB, wall s): site $(cat "$results/mem-site-$n.txt"), hugo $(cat "$results/mem-hugo-$n.txt")$([ -n "${SITE_BASE_BIN:-}" ] && echo ", site-before $(cat "$results/mem-base-$n.txt")")"
done
for n in $SIZES; do eval "$(clean_cmd "$n")"; done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$results/env.txt"

echo
python3 "$here/report.py" "$results" $SIZES | tee "$results/table.md"
echo
echo "raw results: $results/ (hyperfine-N.json, mem-TOOL-N.txt, env.txt, table.md)"
