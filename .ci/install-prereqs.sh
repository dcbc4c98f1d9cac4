#!/usr/bin/env bash
# Installs what the test suite needs beyond Java 17, Maven and node, idempotently: each step is
# skipped when its tool is already there. Needs root (or sudo) only when something is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=
apt_install() {
  if [ -z "$apt_updated" ]; then as_root apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

command -v node >/dev/null || apt_install nodejs npm
command -v softhsm2-util >/dev/null || apt_install softhsm2
command -v openssl >/dev/null || apt_install openssl

# Further installers (one per tool, each idempotent) live beside this script.
for extra in .ci/install-*.sh; do
  case "$extra" in */install-prereqs.sh) continue ;; esac
  [ -e "$extra" ] && bash "$extra"
done

# npm packages of the interoperability tests: installed from each lock file once.
for dir in */src/test/node; do
  if [ -f "$dir/package-lock.json" ] && [ ! -d "$dir/node_modules" ]; then
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
done
