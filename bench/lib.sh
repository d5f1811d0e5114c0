# Sourced by the benchmark scripts: a generated programme of $N sessions (14 rooms, two days of
# 20-minute slots for 1,000) imported into a fresh database in $work, and the release server
# serving it on port $1 ($pid, stopped with $work removed on exit).
[ -x target/release/server ] || { echo "build first: cargo leptos build --release" >&2; exit 1; }
N=${N:-1000}
work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

serve_generated() {
  local port=$1
  python3 bench/gen_programme.py "$N" 14 >"$work/programme.json"
  DATABASE_URL="sqlite://$work/big.db" target/release/server import "$work/programme.json" >/dev/null
  env DATABASE_URL="sqlite://$work/big.db" LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT=target/site \
    COMPANION_EVENT="bench-$N" COMPANION_DEMO=false COMPANION_NOW=2024-11-27T10:15:00+01:00 RUST_LOG=warn \
    target/release/server >"$work/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
}
