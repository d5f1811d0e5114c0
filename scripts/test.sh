#!/usr/bin/env bash
# Installs what is missing, then runs every test: Rust unit and integration tests against the
# real server and SQLite, then Playwright in Debian's Chromium against the real binary.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# A fresh clone gains nothing from incremental compilation; it only costs disk and time.
if [ "${CI:-}" = true ]; then export CARGO_INCREMENTAL=0; fi
# The browser bundle (WASM, JS, CSS, assets) into target/site. The server binary is built once,
# by `cargo test` (its integration tests run it), and the end-to-end run uses that same binary.
cargo leptos build --frontend-only
cargo test --workspace
bash scripts/fuzz_api.sh
(cd end2end && npx playwright test)
