#!/usr/bin/env bash
# Installs SoftHSM2 (PKCS#11 software token) for signer-service's pkcs11 custody tests and benchmarks.
# Idempotent: does nothing when softhsm2-util is already on the PATH.
set -euo pipefail
if command -v softhsm2-util >/dev/null 2>&1; then
  echo "softhsm2 already installed: $(softhsm2-util --version)"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends softhsm2
echo "softhsm2 installed: $(softhsm2-util --version); module at /usr/lib/softhsm/libsofthsm2.so"
