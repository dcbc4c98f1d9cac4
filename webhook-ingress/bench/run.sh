#!/usr/bin/env bash
# Load harness of webhook-ingress (not a test): starts a Kafka broker (own JVM), PostgreSQL and the
# packaged service on this machine, then measures accepted deliveries/s and latency next to the bare
# rates of a Kafka producer (acks=all) and of single-row PostgreSQL inserts. See README "Performance".
#   bench/run.sh                                  # 20 s phases, 128 in flight, 1,000/s paced phase
#   bench/run.sh -Dbench.seconds=60 -Dbench.concurrency=128 -Dbench.rate=2000
# REBUILD=1 repackages the service first (otherwise an existing target/quarkus-app is used).
set -euo pipefail
module_dir="$(cd "$(dirname "$0")/.." && pwd)"
root_dir="$(cd "$module_dir/.." && pwd)"
cd "$module_dir"
if [[ ! -f target/quarkus-app/quarkus-run.jar || "${REBUILD:-0}" == "1" ]]; then
  (cd "$root_dir" && mvn -B -q -pl webhook-ingress package -DskipTests)
fi
(cd "$root_dir" && mvn -B -q -pl webhook-ingress test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$module_dir/target/bench.classpath")
exec java -Xmx512m -XX:+UseParallelGC -Dbench.args="$*" "$@" \
  -cp "target/test-classes:$(cat target/bench.classpath)" com.partnerplatform.webhook.bench.LoadHarness
