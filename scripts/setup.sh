#!/usr/bin/env bash
# Sets up a fresh machine for Rerank Lens, the same way CI does (.ci/run calls this script):
#   1. system packages (Debian/Ubuntu): Chromium for the end-to-end tests, ripgrep to seed
#      code-server's install, libkrb5-dev for code-server's native module, fonts for screenshots.
#      Installed when missing (or always with --with-apt); needs root or sudo.
#   2. npm dependencies: `npm ci` with ONNXRUNTIME_NODE_INSTALL=skip (onnxruntime-node's postinstall
#      would try to download CUDA binaries; its CPU binaries are already in the package).
#   3. code-server 4.100.3 into .cache/code-server: a test tool and the `npm start` fallback when
#      no desktop VS Code is on the PATH. Never a dependency of the extension.
# Prints how long each stage took.
# Usage: bash scripts/setup.sh [--with-apt] [--no-apt]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export ONNXRUNTIME_NODE_INSTALL=skip
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

APT_PACKAGES=(chromium ripgrep libkrb5-dev ca-certificates git python3 make g++ fonts-dejavu-core fonts-liberation)
apt_mode=auto
for arg in "$@"; do
  case "$arg" in
    --with-apt) apt_mode=always ;;
    --no-apt) apt_mode=never ;;
    *) echo "setup.sh: unknown argument $arg" >&2; exit 2 ;;
  esac
done

stage() {
  local name="$1"; shift
  echo "=== setup: ${name}"
  local start; start=$(date +%s)
  "$@"
  echo "=== setup: ${name} done in $(( $(date +%s) - start ))s"
}

have_system_tools() {
  command -v rg >/dev/null \
    && { command -v chromium >/dev/null || [ -n "${CHROMIUM_PATH:-}" ]; } \
    && { [ -e /usr/include/krb5.h ] || [ -e /usr/include/krb5/krb5.h ]; }
}

apt_install() {
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null; then sudo="sudo"; else
      echo "setup: need root to run: apt-get install -y ${APT_PACKAGES[*]}" >&2; return 1
    fi
  fi
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${APT_PACKAGES[@]}"
}

node_check() {
  if ! command -v node >/dev/null; then echo "setup: Node.js 20 is required (https://nodejs.org)" >&2; return 1; fi
  echo "node $(node --version), npm $(npm --version)"
  local major; major=$(node -p 'process.versions.node.split(".")[0]')
  if [ "${major}" -lt 20 ]; then echo "setup: Node.js 20 or newer is required" >&2; return 1; fi
  if [ "${major}" != 20 ]; then echo "setup: note: code-server 4.100.3 (the test/demo VS Code) needs Node 20; you have ${major}" >&2; fi
}

if [ "$apt_mode" = always ] || { [ "$apt_mode" = auto ] && ! have_system_tools && command -v apt-get >/dev/null; }; then
  stage "apt packages" apt_install
else
  echo "=== setup: apt packages skipped (${apt_mode}; chromium, rg and krb5 headers present or --no-apt)"
fi
stage "node" node_check
stage "npm ci" npm ci
stage "code-server (test tool)" node scripts/install-code-server.mjs
echo "=== setup: done. Next: npm start (opens the examples with the extension) or npm test"
