#!/bin/sh
# Browser tests for a built site.
#   tests/browser/run.sh <public-dir>
# The site must have been built with --base-url http://127.0.0.1/explainer/ , e.g.
#   cargo run --release -- build --base-url http://127.0.0.1/explainer/ --output <public-dir>
# Needs node >= 20, java >= 17 (Nu HTML Checker) and Chromium (/usr/bin/chromium or $CHROMIUM_PATH).
set -eu
PUBLIC_ARG="${1:-${SITE_PUBLIC:-../../public}}"
case "$PUBLIC_ARG" in
  /*) ;;
  *) PUBLIC_ARG="$(pwd)/$PUBLIC_ARG" ;;
esac
cd "$(dirname "$0")"
if [ ! -d node_modules ]; then
  npm ci --ignore-scripts --no-audit --no-fund
fi
SITE_PUBLIC="$PUBLIC_ARG" exec node --test --test-concurrency=1 ./*.test.mjs
