#!/usr/bin/env bash
# One build of the cited corpus at a large size (default 100,000 pages) under GNU time: wall
# time, CPU time and peak memory of site, and of Hugo and Zola when PEERS=1 (they take long).
#
#   bench/scale.sh              100,000 pages, site only
#   PAGES=20000 PEERS=1 bench/scale.sh
#
# Settings (environment): PAGES (100000), SEED (1), BENCH_DIR (/dev/shm/site-bench), SITE_BIN
# (skip `cargo build --release`), HUGO (hugo), ZOLA (unset: Zola skipped), PEERS (0).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
PAGES=${PAGES:-100000}
SEED=${SEED:-1}
BENCH_DIR=${BENCH_DIR:-/dev/shm/site-bench}
HUGO=${HUGO:-hugo}
ZOLA=${ZOLA:-}
PEERS=${PEERS:-0}
[ -x /usr/bin/time ] || { echo "bench/scale.sh: GNU time is not installed; apt-get install -y time" >&2; exit 2; }
if [ -z "${SITE_BIN:-}" ]; then
  (cd "$root" && cargo build --release --quiet)
  SITE_BIN=$root/target/release/site
fi
dir=$BENCH_DIR/cited-$PAGES
stamp=$( (sha256sum "$here/gen_corpus.py" | cut -c1-16; echo "seed=$SEED uncited=0") | tr '\n' ' ')
if [ "$(cat "$dir/.stamp" 2>/dev/null || true)" != "$stamp" ]; then
  echo "== generating the cited corpus, $PAGES pages, in $dir"
  python3 "$here/gen_corpus.py" --pages "$PAGES" --seed "$SEED" --uncited 0 --out "$dir"
  echo "$stamp" > "$dir/.stamp"
fi
mkdir -p "$BENCH_DIR/results"
# $1 tool name, rest: the command. Prints wall s, user s, system s, peak RSS MiB.
measure() {
  local tool=$1 out=$BENCH_DIR/results/scale-$1-$PAGES.txt
  shift
  rm -rf "$dir/$tool-public"
  /usr/bin/time -v -o "$out" "$@" >/dev/null 2>&1 || { echo "$tool failed (see $out)" >&2; return 0; }
  awk -v tool="$tool" -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, t, ":"); wall = (n == 3) ? t[1] * 3600 + t[2] * 60 + t[3] : t[1] * 60 + t[2] }
    /User time/ { user = $2 } /System time/ { sys = $2 } /Maximum resident/ { rss = $2 / 1024 }
    END { printf "%s: wall %.1f s, user %.1f s, system %.1f s, peak RSS %.0f MiB\n", tool, wall, user, sys, rss }' "$out"
  rm -rf "$dir/$tool-public"
}
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
measure site "$SITE_BIN" --root "$dir/site" build --output "$dir/site-public"
if [ "$PEERS" = 1 ]; then
  measure hugo "$HUGO" --source "$dir/hugo" --destination "$dir/hugo-public" --cacheDir "$BENCH_DIR/hugo-cache" --quiet
  [ -n "$ZOLA" ] && measure zola "$ZOLA" --root "$dir/zola" build --output-dir "$dir/zola-public"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
