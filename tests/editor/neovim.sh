#!/usr/bin/env bash
# A real editor end to end: Neovim, headless, with its built-in LSP client against `site lsp`.
# Typing a misquote must produce the quote-not-found diagnostic, applying its code action must
# fix it, hover, go to definition and find references must answer on the citation, and the saved
# page must then pass `site check`.
# Usage: bash tests/editor/neovim.sh [path/to/site]   (default: target/release/site)
set -euo pipefail
cd "$(dirname "$0")/../.."

site="$(realpath "${1:-target/release/site}")"
if ! command -v nvim >/dev/null; then
  echo "SKIPPED: nvim is not installed (apt-get install neovim)"
  exit 0
fi

project="$(mktemp -d)"
trap 'rm -rf "$project"' EXIT
mkdir -p "$project/content/sources"
printf 'title: Editor test\n' > "$project/site.yaml"
cat > "$project/content/sources/report.md" <<'MD'
---
title: Library report
publisher: Example Newsroom
---
The town library lent 12,400 books last year, about 3,100 more than the year before.
MD
cat > "$project/content/index.md" <<'MD'
---
title: How busy was the library?
sources: [report]
---
The library lent [12,400 books][lent] last year.

[lent]: report "The town library lent 12,400 books last year"
MD

"$site" check --root "$project" >/dev/null

PROJECT="$project" SITE_BIN="$site" nvim --headless --clean \
  -c "luafile tests/editor/neovim.lua" 2>&1
"$site" check --root "$project"
grep -q 'lent 12,400 books last year, about 3,100 more' "$project/content/index.md"
echo "neovim end to end: ok"
