#!/bin/bash
# docker-compose only: create every topic of com.partnerplatform.events.Topics before the services start
# (auto-creation is off in compose, as in production, so a typo in a topic name fails loudly).
# Single broker: replication factor 1. Production topics are deploy/k8s/kafka-topics/ (Strimzi KafkaTopic).
set -euo pipefail

BOOTSTRAP="${KAFKA_BOOTSTRAP:-kafka:9092}"
PARTITIONS="${PARTITIONS:-3}"

create() {
  local topic="$1"; shift
  /opt/kafka/bin/kafka-topics.sh --bootstrap-server "$BOOTSTRAP" --create --if-not-exists \
    --topic "$topic" --partitions "$PARTITIONS" --replication-factor 1 "$@"
}

create quote.signing.requests
create quote.signing.replies
create quote.signing.requests.dlq
create quote.events
create signer.audit
create ycmt.webhook.events
create ycmt.webhook.quarantine
create ygg.redeem.audit
# Compacted: the latest value per key is the state (public JWK per kid, FX rate per pair).
create signer.public-keys --config cleanup.policy=compact
create pricing.fx-rates --config cleanup.policy=compact

echo "topics ready"
