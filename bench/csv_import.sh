#!/usr/bin/env bash
# CSV invitation import: time to import N rows through the organiser API, for one or more
# server binaries side by side in one run (e.g. before and after a change).
#   bench/csv_import.sh ROWS BINARY [BINARY …]
# Each binary gets a fresh SQLite database with the demo programme, on its own port.
set -euo pipefail
rows=${1:?rows}; shift
port=3300
csv=$(mktemp); { echo "name,email,organisation,country"; for i in $(seq 1 "$rows"); do echo "Person $i,p$i@icmpd.org,Org $i,Country"; done; } > "$csv"
for binary in "$@"; do
  dir=$(mktemp -d)
  export DATABASE_URL="sqlite://$dir/db.sqlite" LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-target/site}" RUST_LOG=error
  "$binary" > /dev/null 2>&1 & pid=$!
  until curl -sf "http://127.0.0.1:$port/healthz" > /dev/null; do sleep 0.1; done
  link=$("$binary" invite --role organiser --name Bench --email "bench@icmpd.org" 2>/dev/null)
  cookie=$(curl -si -X POST "http://127.0.0.1:$port/invite/${link##*/}" | grep -i '^set-cookie: dc_session=' | sed 's/^[^:]*: //; s/;.*//' | tr -d '\r')
  started=$(date +%s.%N)
  status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 600 -X POST -H "cookie: $cookie" -H 'content-type: text/csv' --data-binary "@$csv" "http://127.0.0.1:$port/api/v1/invitations.csv" || true)
  ended=$(date +%s.%N)
  printf '%s\t%s rows\tHTTP %s\t%.2f s\n' "$binary" "$rows" "$status" "$(awk "BEGIN{print $ended - $started}")"
  kill "$pid"; wait "$pid" 2>/dev/null || true; rm -rf "$dir"
  port=$((port + 1))
done
rm -f "$csv"
