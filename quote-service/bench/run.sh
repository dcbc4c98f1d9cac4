#!/usr/bin/env bash
# Load harness for quote-service (not a test): its own Kafka broker process and PostgreSQL, the
# packaged signer-service and quote-service jars run as the local platform runs them, and a load
# generator. Measures the signer's own sustained rate, the quote service's peak quotes/s (end to end
# POST /v1/quotes), a load curve at 25/50/100 % of that peak (open loop), CPU per quote per process
# and the service's peak RSS. About 5-6 minutes with the defaults on 2 cores.
#
# Usage: quote-service/bench/run.sh [seconds-per-phase] [concurrent-clients]
#   BENCH_QUOTE_JVM  extra quote-service JVM flags after the launcher's (-Xmx256m -XX:+UseSerialGC);
#                    default: the memory flags asked of the launcher (README, Performance)
#   BENCH_QUOTE_JAR  another quote-service build to measure (A/B), default target/quarkus-app/quarkus-run.jar
#   BENCH_WARMUP     JIT warm-up seconds (default 30)
#   BENCH_MALLOC_ARENA_MAX  MALLOC_ARENA_MAX of the quote-service process (default 2, as asked of the launcher;
#                    empty: glibc's default)
# Results: quote-service/target/bench/report.md (docs/performance.md fragment) and results.txt,
# service logs next to them.
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_PHASE="${1:-15}"
CONCURRENCY="${2:-48}"
QUOTE_JVM="${BENCH_QUOTE_JVM--Xms32m -XX:TieredStopAtLevel=1 -Dquarkus.vertx.event-loops-pool-size=2}"
QUOTE_JAR="${BENCH_QUOTE_JAR:-target/quarkus-app/quarkus-run.jar}"
mvn -B -q -o -pl signer-service install -DskipTests
mvn -B -q -o -pl quote-service install -DskipTests
mvn -B -q -o -pl quote-service -Pbench exec:exec -Dbench.seconds="$SECONDS_PER_PHASE" -Dbench.concurrency="$CONCURRENCY" \
    -Dbench.warmup="${BENCH_WARMUP:-30}" -Dbench.quote.jar="$QUOTE_JAR" "-Dbench.quote.jvm=$QUOTE_JVM" \
    -Dbench.malloc.arena.max="${BENCH_MALLOC_ARENA_MAX-2}"
