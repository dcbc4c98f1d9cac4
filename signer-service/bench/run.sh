#!/usr/bin/env bash
# Load harness for signer-service (not a test): real Kafka broker process + the packaged signer jar
# + a KafkaRequestReply-style requester. Per scenario (custody x RSA size): bare sign rate of the
# same provider on all cores, sustained signatures/s through Kafka, their ratio, an open-loop load
# curve at 25/50/100 % of that peak and at half the bare rate (p50/p99, CPU of signer, broker and
# requester), and the signer's peak RSS.
#
# Usage: signer-service/bench/run.sh [seconds-per-point] [scenarios] [bits]
#   default: 6 s per point, dev:2048,dev:3072,pkcs11:3072,vault:3072 (~5 min on 2 cores)
#   all six: signer-service/bench/run.sh 10 dev,pkcs11,vault 2048,3072
#   A/B:     BENCH_JAR=/path/to/other/quarkus-app/quarkus-run.jar signer-service/bench/run.sh
# Results: signer-service/target/bench/report.md (docs/performance.md fragment), results.txt, signer logs.
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_POINT="${1:-6}"
SCENARIOS="${2:-dev:2048,dev:3072,pkcs11:3072,vault:3072}"
BITS="${3:-2048,3072}"
JAR="${BENCH_JAR:-$PWD/signer-service/target/quarkus-app/quarkus-run.jar}"
if [[ "$SCENARIOS" == *pkcs11* ]]; then .ci/install-softhsm.sh; fi
# build only when the sources changed since the last package (the build is a minute of the time budget)
if [[ ! -f signer-service/target/quarkus-app/quarkus-run.jar ]] || [[ ! -d signer-service/target/test-classes ]] \
   || [[ -n "$(find signer-service/src signer-service/pom.xml -newer signer-service/target/quarkus-app/quarkus-run.jar -type f -not -path '*/node_modules/*' -print -quit)" ]]; then
  mvn -B -q -o -pl signer-service install -DskipTests
fi
mvn -B -q -o -pl signer-service -Pbench exec:exec \
  -Dbench.seconds="$SECONDS_PER_POINT" -Dbench.custodies="$SCENARIOS" -Dbench.bits="$BITS" -Dbench.jar="$JAR" \
  -Dbench.command="signer-service/bench/run.sh $*"
