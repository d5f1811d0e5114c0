#!/usr/bin/env bash
# Release bundle sizes, raw / gzip / brotli, for what a first visit downloads (WASM, JS, CSS).
# Needs: cargo leptos build --release --precompress (which writes the .gz and .br files).
set -euo pipefail
cd "$(dirname "$0")/../target/site/pkg"
total_br=0
printf '%-16s %10s %10s %10s\n' file raw gzip brotli
for f in companion.wasm companion.js companion.css; do
  [ -f "$f.br" ] || { echo "no $f.br: build with --release --precompress" >&2; exit 1; }
  raw=$(stat -c %s "$f"); gz=$(stat -c %s "$f.gz"); br=$(stat -c %s "$f.br")
  total_br=$((total_br + br))
  printf '%-16s %10d %10d %10d\n' "$f" "$raw" "$gz" "$br"
done
printf '%-16s %32d  (brotli, all three)\n' total "$total_br"
