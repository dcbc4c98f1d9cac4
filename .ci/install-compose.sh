#!/usr/bin/env bash
# Installs docker-compose (Debian package, v1.29) so that deploy-validation's ComposeConfigTest can run
# `docker-compose config -q` (schema validation and interpolation; no container engine needed).
# Idempotent: does nothing when docker-compose is already on the PATH.
set -euo pipefail

if command -v docker-compose >/dev/null 2>&1; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends docker-compose >/dev/null
docker-compose version
