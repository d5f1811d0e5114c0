#!/usr/bin/env bash
# Installs what the project needs and is missing; safe to run again (each step checks first).
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[setup] %s\n' "$*"; }

need_apt=()
command -v chromium >/dev/null || need_apt+=(chromium)
dpkg -s pkg-config >/dev/null 2>&1 || need_apt+=(pkg-config)
dpkg -s libssl-dev >/dev/null 2>&1 || need_apt+=(libssl-dev)
if [ "${#need_apt[@]}" -gt 0 ]; then
  log "apt: ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "rustup target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if ! cargo leptos --version 2>/dev/null | grep -q '0\.3\.10'; then
  log "cargo-leptos 0.3.10 (about 11 minutes on 2 cores)"
  cargo install cargo-leptos --version 0.3.10 --locked --features no_downloads
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q '0\.2\.130'; then
  log "wasm-bindgen-cli 0.2.130"
  cargo install wasm-bindgen-cli --version 0.2.130
fi

if ! wasm-opt --version 2>/dev/null | grep -q 'version 132'; then
  log "binaryen 132 (wasm-opt)"
  npm i -g --silent binaryen@132.0.0
fi

if [ ! -d end2end/node_modules/@playwright/test ] && [ -f end2end/package.json ]; then
  log "npm ci in end2end"
  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --silent --no-audit --no-fund)
fi
# Python tools, pinned, in one venv: schemathesis and openapi-spec-validator (scripts/fuzz_api.sh),
# xmlschema and jsonschema (the tests validate the exported schedule.xml and schedule.json
# against the c3voc XSD and JSON schema; rfc3339-validator makes jsonschema check date-times),
# aiosmtpd (the real SMTP server the mail tests send to: server/tests/support/smtp_sink.py).
venv=target/fuzz/venv
python_tools=(schemathesis==4.32.5 openapi-spec-validator==0.9.0 xmlschema==4.3.2 jsonschema==4.26.0
  rfc3339-validator==0.1.4 aiosmtpd==1.4.6)
installed=$("$venv/bin/pip" freeze 2>/dev/null || true)
for tool in "${python_tools[@]}"; do
  if [[ "$installed" != *"$tool"* ]]; then
    log "python tools: ${python_tools[*]}"
    # --clear: a venv moved or copied from elsewhere has scripts pointing at the old place.
    python3 -m venv --clear "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "${python_tools[@]}"
    break
  fi
done
log "ready"
