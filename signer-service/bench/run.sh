#!/usr/bin/env bash
# Load harness for signer-service (not a test): real Kafka broker process + the packaged signer jar
# + a KafkaRequestReply-style requester, for dev, pkcs11 (SoftHSM2) and vault-transit (fake)
# custodies at RSA-2048 and RSA-3072. Prints bare sign rate, sustained signatures/s through Kafka,
# their ratio, and p50/p99/max request-to-reply latency at half the bare rate.
#
# Usage: signer-service/bench/run.sh [seconds-per-point] [custodies] [bits]
#   e.g. signer-service/bench/run.sh 10 dev,pkcs11,vault 2048,3072
# Results: signer-service/target/bench/results.txt (signer logs next to it).
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_POINT="${1:-10}"
CUSTODIES="${2:-dev,pkcs11,vault}"
BITS="${3:-2048,3072}"
if [[ "$CUSTODIES" == *pkcs11* ]]; then .ci/install-softhsm.sh; fi
mvn -B -q -o -pl signer-service install -DskipTests
mvn -B -q -o -pl signer-service -Pbench exec:exec \
  -Dbench.seconds="$SECONDS_PER_POINT" -Dbench.custodies="$CUSTODIES" -Dbench.bits="$BITS"
