#!/usr/bin/env bash
# Invite 2,000 people from one CSV with mail going out: the time until the local SMTP sink
# (aiosmtpd, tests/support/smtp_sink.py) has accepted the last invitation, and the agenda page's
# p99 for readers meanwhile against idle, in the same run. The sender's rate limit is lifted
# (COMPANION_MAIL_PER_MINUTE) to measure the pipeline; the default 600 a minute would take
# 200 s by design. Needs a release server binary:
#   cargo build --release -p server --bin server && bench/mail.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
[ -x target/release/server ] || { echo "build first: cargo build --release -p server --bin server" >&2; exit 1; }
python=target/fuzz/venv/bin/python
[ -x "$python" ] || { echo "run scripts/setup.sh first (it installs aiosmtpd)" >&2; exit 1; }
ROWS=${ROWS:-2000}
DURATION=${DURATION:-10}
port=3361
work=$(mktemp -d)
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

"$python" server/tests/support/smtp_sink.py --no-json --dir "$work/sink" >"$work/sink.out" &
pids+=($!)
for _ in $(seq 100); do grep -q READY "$work/sink.out" 2>/dev/null && break; sleep 0.1; done
smtp_port=$(awk '/READY/ {print $2}' "$work/sink.out")

export DATABASE_URL="sqlite://$work/db.sqlite" LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT=target/site \
  COMPANION_NOW=2024-11-06T10:00:00+01:00 RUST_LOG=warn COMPANION_SMTP_URL="smtp://127.0.0.1:$smtp_port" \
  COMPANION_MAIL_FROM="IBMC 2024 <ibmc@icmpd.org>" COMPANION_MAIL_PER_MINUTE=1000000
target/release/server >"$work/server.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
link=$(target/release/server invite --role organiser --name Bench --email bench@icmpd.org 2>/dev/null)
cookie=$(curl -si -X POST "http://127.0.0.1:$port/invite/${link##*/}" | grep -i '^set-cookie: dc_session=' | sed 's/^[^:]*: //; s/;.*//' | tr -d '\r')
before=$(ls "$work/sink" | grep -c '\.eml$' || true)
{ echo "name,email,organisation,country,lang"; for i in $(seq 1 "$ROWS"); do
  echo "Person $i,p$i@example.org,Org $i,Country,$(echo en fr ar ru | cut -d' ' -f$((i % 4 + 1)))"; done; } >"$work/people.csv"

p99() { wrk -t2 -c20 -d"${DURATION}s" --latency "http://127.0.0.1:$port/" | awk '$1=="99%" {print $2}'; }
idle=$(p99)

started=$(date +%s.%N)
status=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "cookie: $cookie" -H 'content-type: text/csv' \
  --data-binary "@$work/people.csv" "http://127.0.0.1:$port/api/v1/invitations.csv")
answered=$(date +%s.%N)
# Readers for exactly as long as the mails go out: wrk stops on SIGINT and prints what it saw.
# READERS=0 sends without them, for the pipeline's own speed.
if [ "${READERS:-1}" = 1 ]; then
  wrk -t2 -c20 -d600s --latency "http://127.0.0.1:$port/" >"$work/busy.out" &
  wrk_pid=$!
  pids+=("$wrk_pid")
fi
want=$((before + ROWS))
until [ "$(ls "$work/sink" | grep -c '\.eml$')" -ge "$want" ]; do
  sleep 0.05
  [ "$(awk "BEGIN{print $(date +%s.%N) - $started > 600}")" = 1 ] && { echo "timed out" >&2; exit 1; }
done
done_at=$(date +%s.%N)
if [ -n "${wrk_pid:-}" ]; then kill -INT "$wrk_pid"; wait "$wrk_pid" || true; fi
busy=$(awk '$1=="99%" {print $2}' "$work/busy.out" 2>/dev/null || echo 0ms)
ms() { awk -v v="$1" 'BEGIN{ if (v ~ /us$/) print v/1000; else if (v ~ /ms$/) print v+0; else print v*1000 }'; }
printf 'machine: %s cores; %s invitations in one CSV (HTTP %s, answered in %.2f s)\n' "$(nproc)" "$ROWS" "$status" \
  "$(awk "BEGIN{print $answered - $started}")"
printf 'last invitation accepted by the SMTP sink after %.2f s (%.0f mails/s)\n' \
  "$(awk "BEGIN{print $done_at - $started}")" "$(awk "BEGIN{print $ROWS / ($done_at - $started)}")"
[ "${READERS:-1}" = 1 ] && printf 'agenda p99 at 20 connections: idle %s, while sending %s (%.2fx)\n' "$idle" "$busy" \
  "$(awk -v a="$(ms "$busy")" -v b="$(ms "$idle")" 'BEGIN{print a / b}')"
