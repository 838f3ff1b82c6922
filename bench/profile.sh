#!/usr/bin/env bash
# Where site's time goes: `perf record` of one `site build` of the benchmark corpus.
#
#   bench/profile.sh [PAGES]     (default 10000; the corpus comes from bench/run.sh's generator)
#
# Needs perf (apt-get install -y linux-perf). Uses the release binary as built by
# bench/run.sh (symbols are kept; call chains are unwound from DWARF CFI, so no debug build is
# needed). Writes BENCH_DIR/results/profile-PAGES.md (stage shares, thread split, self time by
# crate and function) and keeps perf.data beside it for `perf report -i`.
# Settings (environment): BENCH_DIR, SEED, SITE_BIN as for bench/run.sh; FREQ (199 samples/s);
# LABEL (a suffix for the file names, e.g. -after to keep an earlier profile).
# If perf cannot record on this machine, fall back to callgrind on 1,000 pages:
#   valgrind --tool=callgrind --callgrind-out-file=cg.out target/release/site --root ... build ...
#   callgrind_annotate --inclusive=yes cg.out | head -60
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
n=${1:-10000}
BENCH_DIR=${BENCH_DIR:-/dev/shm/site-bench}
SEED=${SEED:-1}
SITE_BIN=${SITE_BIN:-$root/target/release/site}
FREQ=${FREQ:-199}
results=$BENCH_DIR/results
mkdir -p "$results"

command -v perf >/dev/null || { echo "bench/profile.sh: perf is not installed (apt-get install -y linux-perf)" >&2; exit 2; }
[ -x "$SITE_BIN" ] || { echo "bench/profile.sh: no binary at $SITE_BIN; run bench/run.sh or cargo build --release" >&2; exit 2; }

# The cited corpus, in the same folder and with the same stamp as bench/run.sh's.
gen_stamp=$( (sha256sum "$here/gen_corpus.py" | cut -c1-16; echo "seed=$SEED uncited=0") | tr '\n' ' ')
dir=$BENCH_DIR/cited-$n
if [ "$(cat "$dir/.stamp" 2>/dev/null || true)" != "$gen_stamp" ]; then
  python3 "$here/gen_corpus.py" --pages "$n" --seed "$SEED" --out "$dir"
  echo "$gen_stamp" > "$dir/.stamp"
fi

data=$results/perf-$n${LABEL:-}.data
rm -rf "$dir/site-public"
# One build without perf first so the page cache and tmpfs are warm, as in hyperfine's warmup.
"$SITE_BIN" --root "$dir/site" build --output "$dir/site-public" >/dev/null
rm -rf "$dir/site-public"
perf record -q -F "$FREQ" --call-graph dwarf,32768 -o "$data" -- \
  "$SITE_BIN" --root "$dir/site" build --output "$dir/site-public" 2>&1 | tail -2
rm -rf "$dir/site-public"

# The main thread's id is the process id: the first sample's pid.
main_tid=$(perf script -F pid -i "$data" 2>/dev/null | awk 'NR == 1 { print $1 } END {}')
{
  echo "# Profile of \`site build\`, $n pages"
  echo
  echo "perf record -F $FREQ --call-graph dwarf; $(nproc) cores; $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  perf script -F tid,ip,sym,dso -i "$data" 2>/dev/null | python3 "$here/perf_stages.py" "$main_tid" 30
} > "$results/profile-$n${LABEL:-}.md"
cat "$results/profile-$n${LABEL:-}.md"
echo
echo "written: $results/profile-$n${LABEL:-}.md; perf data: $data"
