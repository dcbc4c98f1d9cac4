#!/usr/bin/env bash
# Load harness of ygg-hmac-gateway (not a test): the packaged gateway in front of a trivial upstream, next to
# nginx as a plain reverse proxy to the same upstream and to the upstream called directly, in one run.
# Starts Kafka (own JVM), PostgreSQL (durable: fsync + synchronous_commit on), nginx and the gateway (prod
# profile); every request is freshly signed by a Java client (Vert.x HttpClient). See README "Performance".
# Writes target/bench/report.md (gathered into docs/performance.md by bench/report); exits non-zero if a phase broke. Default run: ~5 minutes.
#   bench/run.sh                                           # 10 s phases (gateway warm-up 60 s), 32 in flight, 1,000/s
#   bench/run.sh -Dbench.seconds=30 -Dbench.gateway-warmup=90 -Dbench.concurrency=64 -Dbench.rate=2000
#   bench/run.sh -Dbench.jar=/path/to/other/quarkus-app/quarkus-run.jar   # A/B against another build
# REBUILD=1 repackages the gateway first (otherwise an existing target/quarkus-app is used).
set -euo pipefail
module_dir="$(cd "$(dirname "$0")/.." && pwd)"
root_dir="$(cd "$module_dir/.." && pwd)"
cd "$module_dir"

# nginx from Debian, once; RUNLEVEL=1 keeps the package from starting a system-wide nginx on port 80
if ! command -v nginx >/dev/null 2>&1 && [[ ! -x /usr/sbin/nginx ]]; then
  sudo_cmd=""; [[ "$(id -u)" != "0" ]] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  RUNLEVEL=1 DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq nginx >/dev/null
fi
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"

if [[ ! -f target/quarkus-app/quarkus-run.jar || "${REBUILD:-0}" == "1" ]]; then
  (cd "$root_dir" && mvn -B -q -o -pl ygg-hmac-gateway package -DskipTests)
fi
(cd "$root_dir" && mvn -B -q -o -pl ygg-hmac-gateway -Pbench test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$module_dir/target/bench.classpath")
# a private copy of the compiled classes: a build of the module during the run must not pull them away
bench_classes="$(mktemp -d /tmp/ygg-bench-classes-XXXXXX)"
cp -r target/test-classes "$bench_classes/test-classes"
cp -r target/classes "$bench_classes/classes"
status=0
java -Xmx512m -XX:+UseParallelGC -Dbench.nginx="$nginx_bin" -Dbench.args="$*" "$@" \
  -cp "$bench_classes/test-classes:$bench_classes/classes:$(cat target/bench.classpath)" \
  com.partnerplatform.ygg.bench.GatewayLoadHarness || status=$?
rm -rf "$bench_classes"
exit "$status"
