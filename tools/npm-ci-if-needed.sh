#!/usr/bin/env sh
# Installs the pinned npm test tools (npm ci) unless node_modules already matches package.json and the lock file.
set -eu
cd "$(dirname "$0")/.."

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "npm-ci-if-needed: node/npm not found on PATH: install Node 20 (with npm) to run the emulator tests" >&2
  exit 1
fi

hash_files() {
  if command -v sha256sum >/dev/null 2>&1; then
    cat package.json package-lock.json | sha256sum | cut -d' ' -f1
  else
    cat package.json package-lock.json | shasum -a 256 | cut -d' ' -f1
  fi
}

want="$(hash_files) node-$(node --version)"
stamp=node_modules/.lock-stamp
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "npm-ci-if-needed: node_modules is up to date with package-lock.json"
  exit 0
fi

echo "npm-ci-if-needed: running npm ci"
npm ci --no-audit --no-fund
printf '%s\n' "$want" > "$stamp"
