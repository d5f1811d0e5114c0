#!/usr/bin/env bash
# Fuzzes /api/v1 from its own OpenAPI document with schemathesis: the real server binary on a
# fresh SQLite file with the demo programme, signed in as the demo organiser (the link the
# server prints for a fresh demo, redeemed as a browser would), so every route is reached past
# its access check. Valid and invalid requests alike must get anything but a 5xx; responses
# must match the document. Exits non-zero on any failure.
#   FUZZ_EXAMPLES=N   test cases per operation and phase (default 300: ~40 s of fuzzing on 2 cores)
#   extra arguments   passed to `schemathesis run` (e.g. --seed 1, --include-path-regex …;
#                     it runs in target/fuzz, so relative report paths land there)
set -euo pipefail
cd "$(dirname "$0")/.."

# schemathesis and the validators, pinned, in target/fuzz/venv (scripts/setup.sh installs them).
bash scripts/setup.sh >/dev/null
venv=target/fuzz/venv

# The server binary as `cargo test --workspace` builds it (nothing to do right after it, as in
# scripts/test.sh; `cargo build` would resolve features without the dev-dependencies and
# rebuild it differently).
cargo test --workspace --no-run --quiet

data=$(mktemp -d)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
DATABASE_URL="sqlite://$data/companion.db" \
  LEPTOS_SITE_ROOT=target/site \
  LEPTOS_SITE_ADDR="127.0.0.1:$port" \
  COMPANION_PUBLIC_URL="$base" \
  COMPANION_NOW=2024-11-27T10:15:00+01:00 \
  RUST_LOG=warn \
  target/debug/server >"$data/server.out" 2>"$data/server.err" &
server=$!
stop() {
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  rm -rf "$data"
}
trap stop EXIT

for _ in $(seq 100); do
  curl -sf "$base/healthz" >/dev/null && break
  kill -0 "$server" 2>/dev/null || { cat "$data/server.err"; exit 1; }
  sleep 0.2
done

# The organiser's invitation link, redeemed: its answer sets the session cookie.
link=$(sed -n 's/^demo organiser link: //p' "$data/server.out")
[ -n "$link" ] || { echo "[fuzz] the server printed no organiser link" >&2; exit 1; }
cookie=$(curl -s -o /dev/null -D - -X POST -H 'content-type: application/x-www-form-urlencoded' \
  "$base/invite/${link##*/}" | sed -n 's/^set-cookie: \(dc_session=[^;]*\).*/\1/ip')
[ -n "$cookie" ] || { echo "[fuzz] signing in as the organiser failed" >&2; exit 1; }
me=$(curl -sf -H "cookie: $cookie" "$base/api/v1/me")
[[ "$me" == *'"role":"organiser"'* ]] || { echo "[fuzz] not an organiser: $me" >&2; exit 1; }

curl -sf "$base/api/v1/openapi.json" -o "$data/openapi.json"
"$venv/bin/openapi-spec-validator" "$data/openapi.json"

# Security parameters are not generated: every request carries the organiser's cookie (routes
# refuse strangers before they read anything, which `tests/openapi.rs` checks). Run from
# target/fuzz, where schemathesis keeps its cache (.schemathesis/) and any reports.
cd target/fuzz
run_phases() { # phases workers [extra arguments]
  local phases=$1 workers=$2
  shift 2
  venv/bin/schemathesis run "$base/api/v1/openapi.json" \
    --checks not_a_server_error,response_schema_conformance \
    --header "Cookie: $cookie" \
    --generation-with-security-parameters false \
    --phases "$phases" \
    --max-examples "${FUZZ_EXAMPLES:-300}" \
    --workers "$workers" \
    --request-timeout 10 \
    --generation-database none \
    --no-color \
    "$@" 2>&1 | tee -a "$data/schemathesis.out"
  return "${PIPESTATUS[0]}"
}
# The examples and coverage phases (a few seconds) in one thread: that is where hypothesis parses
# source with `ast`, which CPython 3.11 can get wrong under threads (see below); fuzzing in two.
fuzz() {
  run_phases examples,coverage 1 "$@" && run_phases fuzzing 2 "$@"
}
# CPython 3.11's ast module can fail under threads inside hypothesis ("AST constructor recursion
# depth mismatch"): schemathesis then reports a runtime error of its own, not of the server. That
# one failure is run again, once, from the start (a fresh server and organiser: the first run
# may have signed its organiser out); any other failure stands.
if ! fuzz "$@"; then
  grep -q "AST constructor recursion depth mismatch" "$data/schemathesis.out" || exit 1
  [ -z "${FUZZ_RETRIED:-}" ] || exit 1
  echo "[fuzz] schemathesis hit CPython's ast threading bug: running it again from the start" >&2
  cd ../..
  stop
  trap - EXIT
  FUZZ_RETRIED=1 exec bash scripts/fuzz_api.sh "$@"
fi

# A panic drops its connection (schemathesis reports that too); say so plainly if one happened.
if grep -q "panicked" "$data/server.err"; then
  grep -A3 "panicked" "$data/server.err" >&2
  exit 1
fi
kill -0 "$server" || { echo "[fuzz] the server died" >&2; exit 1; }
echo "[fuzz] no server errors"
