#!/usr/bin/env bash
# Agenda page SSR throughput and latency at 100 connections, against a static file of the same
# size served by the same server in the same run. Needs a release build:
#   cargo leptos build --release --precompress && bench/ssr.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
[ -x target/release/server ] || { echo "build first: cargo leptos build --release --precompress" >&2; exit 1; }

DURATION=${DURATION:-10s}
work=$(mktemp -d)
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; rm -rf "$work" target/site/bench-static-*.html; }
trap cleanup EXIT

start_server() { # port db [extra env...]
  local port=$1 db=$2; shift 2
  env DATABASE_URL="sqlite://$db" LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT=target/site \
    COMPANION_NOW=2024-11-27T10:15:00+01:00 RUST_LOG=warn "$@" target/release/server >"$work/$port.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && return; sleep 0.1; done
  echo "server on $port did not start" >&2; cat "$work/$port.log" >&2; exit 1
}

start_server 3301 "$work/demo.db"
python3 bench/gen_programme.py 300 >"$work/p300.json"
DATABASE_URL="sqlite://$work/big.db" target/release/server import "$work/p300.json" >/dev/null
start_server 3302 "$work/big.db" COMPANION_EVENT=bench-300 COMPANION_DEMO=false

# wrk prints latency percentiles with --latency; keep requests/s, p50, p99.
measure() { # label url
  local out rps p50 p99
  out=$(wrk -t2 -c100 -d"$DURATION" --latency "$2")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
  printf '%-34s %10s req/s   p50 %8s   p99 %8s   %s\n' "$1" "$rps" "$p50" "$p99" "${non2xx:+non-2xx: $non2xx}" >&2
  echo "$rps"
}

printf 'machine: %s cores; wrk -t2 -c100 -d%s; server and wrk share the machine\n' "$(nproc)" "$DURATION" >&2
for case in "demo 3301" "300-session 3302"; do
  set -- $case
  url="http://127.0.0.1:$2/?day=2024-11-27"
  bytes=$(curl -fs "$url" | wc -c)
  head -c "$bytes" /dev/zero | tr '\0' 'x' >"target/site/bench-static-$1.html"
  echo "--- $1 programme: agenda page $bytes bytes" >&2
  ssr=$(measure "SSR agenda ($1)" "$url")
  static=$(measure "static file, same size ($1)" "http://127.0.0.1:$2/bench-static-$1.html")
  python3 -c "print(f'ratio SSR/static ({\"$1\"}): {$ssr/$static:.2f}')" >&2
done
