#!/usr/bin/env bash
# Installs what is missing, builds, and runs the app on SQLite (data/companion.db) with the demo
# programme. Any server option can follow, e.g. `scripts/run.sh --now 2024-11-27T10:15:00+01:00`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cargo leptos build --frontend-only
cargo build -p server
exec target/debug/server "$@"
