#!/usr/bin/env bash
# Benchmark `site` against Hugo and Zola on the same synthetic pages (see BENCHMARKS.md).
#
#   bench/run.sh            two corpora (cited: every figure cited; numbers: 30 uncited numbers
#                           per page, the warnings-heavy case) at 100, 1,000 and 10,000 pages:
#                           hyperfine (site, Hugo and Zola side by side), peak memory with GNU
#                           time, a Markdown table per corpus at the end
#   bench/run.sh --smoke    both corpora at 100 pages, one `site build` each (and one Hugo and
#                           Zola build if they are there); checks the builds, no timing
#
# Installs nothing. Needs: cargo, python3; for the full run also hugo, hyperfine and GNU time
# (apt-get install -y hugo hyperfine time). Zola is not packaged by Debian: point ZOLA at its
# binary; without it Zola is skipped, with a message.
#
# Settings (environment): SIZES ("100 1000 10000"), CORPORA ("cited numbers"), RUNS (5),
# WARMUP (1), SEED (1), BENCH_DIR (/dev/shm/site-bench, keep it on tmpfs), SITE_BIN (skip
# `cargo build --release` and use this binary), HUGO (hugo), ZOLA (unset: Zola skipped),
# SITE_BASE_BIN (a second site binary, e.g. a build of `main`, timed in the same hyperfine call
# as `site-before`, so a change is compared side by side).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
smoke=0
case "${1:-}" in
  --smoke) smoke=1 ;;
  "") ;;
  -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "usage: bench/run.sh [--smoke]" >&2; exit 2 ;;
esac

BENCH_DIR=${BENCH_DIR:-/dev/shm/site-bench}
SIZES=${SIZES:-"100 1000 10000"}
RUNS=${RUNS:-5}
WARMUP=${WARMUP:-1}
SEED=${SEED:-1}
CORPORA=${CORPORA:-"cited numbers"}
HUGO=${HUGO:-hugo}
ZOLA=${ZOLA:-}
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
tools="site hugo"
if [ -z "$ZOLA" ]; then
  echo "note: ZOLA is not set, so Zola is skipped; set ZOLA=/path/to/zola to compare with it" >&2
elif [ ! -x "$ZOLA" ] && ! command -v "$ZOLA" >/dev/null 2>&1; then
  echo "note: ZOLA=$ZOLA is not an executable, so Zola is skipped" >&2
  ZOLA=
else
  tools="$tools zola"
fi
if [ -n "${SITE_BASE_BIN:-}" ]; then
  [ -x "$SITE_BASE_BIN" ] || { echo "bench/run.sh: no binary at SITE_BASE_BIN=$SITE_BASE_BIN" >&2; exit 2; }
  tools="site base ${tools#site }"
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

# 2. The corpora, regenerated only when the generator, the seed or the size changed. The
#    numbers corpus is the cited one with 30 of each page's prose words made plain numbers.
uncited() { case "$1" in cited) echo 0 ;; numbers) echo 30 ;; *) echo "bench/run.sh: unknown corpus $1" >&2; exit 2 ;; esac; }
for c in $CORPORA; do
  for n in $SIZES; do
    dir=$BENCH_DIR/$c-$n
    gen_stamp=$( (sha256sum "$here/gen_corpus.py" | cut -c1-16; echo "seed=$SEED uncited=$(uncited "$c")") | tr '\n' ' ')
    if [ "$(cat "$dir/.stamp" 2>/dev/null || true)" != "$gen_stamp" ]; then
      echo "== generating the $c corpus, $n pages, in $dir"
      python3 "$here/gen_corpus.py" --pages "$n" --seed "$SEED" --uncited "$(uncited "$c")" --out "$dir"
      echo "$gen_stamp" > "$dir/.stamp"
    fi
  done
done

# $1 is the corpus folder's name (cited-1000).
site_cmd() { echo "$SITE_BIN --root $BENCH_DIR/$1/site build --output $BENCH_DIR/$1/site-public"; }
base_cmd() { echo "$SITE_BASE_BIN --root $BENCH_DIR/$1/site build --output $BENCH_DIR/$1/base-public"; }
hugo_cmd() { echo "$HUGO --source $BENCH_DIR/$1/hugo --destination $BENCH_DIR/$1/hugo-public --cacheDir $BENCH_DIR/hugo-cache --quiet"; }
zola_cmd() { echo "$ZOLA --root $BENCH_DIR/$1/zola build --output-dir $BENCH_DIR/$1/zola-public"; }
clean_cmd() { echo "rm -rf $BENCH_DIR/$1/site-public $BENCH_DIR/$1/base-public $BENCH_DIR/$1/hugo-public $BENCH_DIR/$1/zola-public"; }

# 3. One checked build of each. The cited corpus must pass `--strict` (no uncited figure); the
#    numbers corpus must build, fail `--strict`, and warn once for each of its uncited numbers.
#    Every tool must write every page.
verify() {
  local c=$1 n=$2 d=$1-$2 out pages tool
  eval "$(clean_cmd "$d")"
  if [ "$c" = cited ]; then
    out=$("$SITE_BIN" --root "$BENCH_DIR/$d/site" build --strict --output "$BENCH_DIR/$d/site-public" 2>&1) || {
      echo "$out" | tail -40 >&2
      echo "bench/run.sh: site build --strict of $d failed" >&2
      exit 1
    }
    echo "site: $out"
  else
    if "$SITE_BIN" --root "$BENCH_DIR/$d/site" check --strict >/dev/null 2>&1; then
      echo "bench/run.sh: site check --strict of $d passed, but its numbers are uncited" >&2
      exit 1
    fi
    out=$("$SITE_BIN" --root "$BENCH_DIR/$d/site" build --format json --output "$BENCH_DIR/$d/site-public" 2>&1) || {
      echo "$out" | tail -40 >&2
      echo "bench/run.sh: site build of $d failed" >&2
      exit 1
    }
    local warned expected=$((n * $(uncited "$c")))
    warned=$(echo "$out" | grep -c '"severity":"warning"' || true)
    [ "$warned" -ge "$expected" ] || { echo "bench/run.sh: site warned $warned times on $d, expected at least $expected" >&2; exit 1; }
    echo "site: built $d with $warned warnings"
  fi
  pages=$(find "$BENCH_DIR/$d/site-public/posts" -name index.html | wc -l)
  [ "$pages" -eq $((n + 1)) ] || { echo "bench/run.sh: expected $((n + 1)) pages under posts/, found $pages" >&2; exit 1; }
  for f in index.html 404.html sitemap.xml atom.xml citations.json sources/src-01/index.html; do
    [ -s "$BENCH_DIR/$d/site-public/$f" ] || { echo "bench/run.sh: site wrote no $f" >&2; exit 1; }
  done
  for tool in hugo zola; do
    case "$tool" in
      hugo) command -v "$HUGO" >/dev/null 2>&1 || continue ;;
      zola) [ -n "$ZOLA" ] || continue ;;
    esac
    eval "$("${tool}_cmd" "$d")" >/dev/null || { echo "bench/run.sh: $tool build of $d failed" >&2; exit 1; }
    pages=$(find "$BENCH_DIR/$d/$tool-public/posts" -name index.html | wc -l)
    [ "$pages" -eq $((n + 1)) ] || { echo "bench/run.sh: $tool wrote $pages pages under posts/ of $d, expected $((n + 1))" >&2; exit 1; }
    echo "$tool: wrote $pages pages under posts/"
  done
}

if [ "$smoke" = 1 ]; then
  for c in $CORPORA; do
    echo "== smoke: the $c corpus, 100 pages"
    verify "$c" 100
    eval "$(clean_cmd "$c-100")"
  done
  echo "smoke OK"
  exit 0
fi

# 4. Timing (hyperfine, the tools side by side) and peak memory (GNU time, one run each).
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "site: $("$SITE_BIN" --version) ($(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo '?')$(cd "$root" && [ -n "$(git status --porcelain -- src Cargo.toml Cargo.lock 2>/dev/null)" ] && echo ', src/ modified'))"
  echo "hugo: $("$HUGO" version | head -1)"
  if [ -n "$ZOLA" ]; then echo "zola: $("$ZOLA" --version)"; else echo "zola: skipped (ZOLA not set)"; fi
  echo "hyperfine: $(hyperfine --version)"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$results/env.txt"

for c in $CORPORA; do
  for n in $SIZES; do
    d=$c-$n
    echo "== the $c corpus, $n pages"
    verify "$c" "$n"
    named=()
    for tool in $tools; do
      name=$tool
      [ "$tool" = base ] && name=site-before
      named+=(-n "$name" "$("${tool}_cmd" "$d")")
    done
    hyperfine --warmup "$WARMUP" --runs "$RUNS" --style basic \
      --export-json "$results/hyperfine-$d.json" \
      --prepare "$(clean_cmd "$d")" \
      "${named[@]}"
    line="peak RSS (KiB, wall s):"
    for tool in $tools; do
      eval "$(clean_cmd "$d")"
      cmd=$("${tool}_cmd" "$d")
      # shellcheck disable=SC2086 # the command is split into words on purpose
      /usr/bin/time -f '%M %e' -o "$results/mem-$tool-$d.txt" $cmd >/dev/null 2>&1
      line="$line $tool $(cat "$results/mem-$tool-$d.txt"),"
    done
    echo "${line%,}"
    eval "$(clean_cmd "$d")"
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$results/env.txt"

echo
: > "$results/table.md"
for c in $CORPORA; do
  python3 "$here/report.py" "$results" "$c" $SIZES | tee -a "$results/table.md"
  echo | tee -a "$results/table.md"
done
echo "raw results: $results/ (hyperfine-CORPUS-N.json, mem-TOOL-CORPUS-N.txt, env.txt, table.md)"
