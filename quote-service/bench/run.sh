#!/usr/bin/env bash
# Load harness for quote-service (not a test): its own Kafka broker process and PostgreSQL, the
# packaged signer-service and quote-service jars run as the local platform runs them, and a load
# generator. Prints the signer's own sustained rate, the quote service's peak quotes/s (end to end
# POST /v1/quotes), p50/p99 at half that peak (open loop) and the service's peak RSS.
#
# Usage: quote-service/bench/run.sh [seconds-per-phase] [concurrent-clients]
# Results: quote-service/target/bench/results.txt (service logs next to it).
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_PHASE="${1:-15}"
CONCURRENCY="${2:-48}"
mvn -B -q -o -pl signer-service package -DskipTests
mvn -B -q -o -pl quote-service install -DskipTests
mvn -B -q -o -pl quote-service -Pbench exec:exec -Dbench.seconds="$SECONDS_PER_PHASE" -Dbench.concurrency="$CONCURRENCY"
