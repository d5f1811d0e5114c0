#!/usr/bin/env bash
# Import of a 1,000-session programme from each format the exports write (frab XML, c3voc JSON,
# iCalendar), beside our own programme JSON of the same programme in the same run: wall time
# (median of RUNS runs of `server import`, each into a fresh database) and peak RSS of the
# process, for a dry run (read, merge, check, preview) and for a full import (and the write).
# Needs a release build: cargo leptos build --release && bench/import.sh
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
source bench/lib.sh
serve_generated 3352
port=3352
for f in xml json ics; do curl -fs "http://127.0.0.1:$port/api/v1/export/schedule.$f" >"$work/schedule.$f"; done
kill "$pid"; pid=

printf 'machine: %s cores; %s sessions; %s runs each, one at a time\n' "$(nproc)" "$N" "$RUNS"
for file in programme.json schedule.xml schedule.json schedule.ics; do
  for mode in --dry-run apply; do
    : >"$work/t"
    for run in $(seq "$RUNS"); do
      db="sqlite://$work/fresh-$file-$mode-$run.db"
      args=(import "$work/$file"); [ "$mode" = --dry-run ] && args+=(--dry-run)
      /usr/bin/time -f '%e %M' -o "$work/one" env DATABASE_URL="$db" target/release/server "${args[@]}" >/dev/null
      cat "$work/one" >>"$work/t"
    done
    python3 - "$file" "$mode" "$(wc -c <"$work/$file")" "$work/t" <<'PY'
import sys
name, mode, size, f = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
rows = [l.split() for l in open(f) if l.strip()]
t = sorted(float(r[0]) * 1000 for r in rows)
rss = sorted(int(r[1]) for r in rows)
print(f"{name:15s} {size/1024:7.0f} KiB  {mode:9s} median {t[len(t)//2]:7.0f} ms   peak RSS median {rss[len(rss)//2]/1024:6.1f} MB")
PY
  done
done
