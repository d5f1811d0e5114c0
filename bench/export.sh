#!/usr/bin/env bash
# Export of a 1,000-session programme in each format (frab XML, c3voc JSON, iCalendar), side by
# side with the agenda JSON of the same programme in the same run: median and p90 of 30 timed
# requests each (no If-None-Match, so every one renders), the size, and the server's peak RSS.
# Needs a release build: cargo leptos build --release && bench/export.sh
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-30}
source bench/lib.sh
serve_generated 3351
port=3351

printf 'machine: %s cores; %s sessions; %s requests each, one at a time\n' "$(nproc)" "$N" "$RUNS"
for path in /api/v1/agenda /api/v1/export/schedule.xml /api/v1/export/schedule.json /api/v1/export/schedule.ics; do
  url="http://127.0.0.1:$port$path"
  bytes=$(curl -fs "$url" | wc -c)
  for _ in $(seq "$RUNS"); do curl -fs -o /dev/null -w '%{time_total}\n' "$url"; done | sort -n >"$work/t"
  python3 - "$path" "$bytes" "$work/t" <<'PY'
import sys
path, size, f = sys.argv[1], int(sys.argv[2]), sys.argv[3]
t = [float(x) * 1000 for x in open(f)]
print(f"{path:34s} {size/1024:8.0f} KiB   median {t[len(t)//2]:7.1f} ms   p90 {t[int(len(t)*0.9)]:7.1f} ms")
PY
done
echo "server peak RSS: $(awk '/VmHWM/ {print $2, $3}' /proc/$pid/status)"
