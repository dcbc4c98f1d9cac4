package com.partnerplatform.quote.pricing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.partnerplatform.events.Headers;
import com.partnerplatform.events.pricing.FxRate;
import com.partnerplatform.events.serde.Json;
import com.partnerplatform.runtime.correlation.CorrelationId;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import com.partnerplatform.quote.messaging.Records;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * Keeps {@link FxRateTable} in step with the compacted {@code pricing.fx-rates} topic: every
 * instance reads the whole topic from the beginning (its own consumer group, nothing committed), so
 * a restarted instance has the latest rate of every pair before long. A record that is not a valid
 * rate is skipped and counted; it never stops the feed.
 */
@ApplicationScoped
public class FxRateFeed {

    private static final Logger LOG = Logger.getLogger(FxRateFeed.class);
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(10);

    private final FxRateTable table;
    private final Counter rejected;

    @Inject
    @Channel("fx-rates-out")
    MutinyEmitter<FxRate> publisher;

    public FxRateFeed(FxRateTable table, MeterRegistry registry) {
        this.table = table;
        this.rejected = Counter.builder("quote.fx.rates.rejected")
                .description("FX rate records refused as malformed").register(registry);
    }

    @Incoming("fx-rates")
    public void onRate(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return; // a tombstone: the pair is no longer fed; the held rate goes stale and stops pricing
        }
        String correlationId = header(record, Headers.CORRELATION_ID);
        if (correlationId != null) {
            CorrelationId.bind(CorrelationId.acceptOrGenerate(correlationId));
        }
        try {
            FxRate rate = Json.MAPPER.readValue(record.value(), FxRate.class);
            if (record.key() != null && !record.key().equals(rate.pair())) {
                throw new IllegalArgumentException("record key differs from the rate's pair");
            }
            table.accept(rate);
        } catch (Exception e) {
            rejected.increment();
            LOG.warnf("skipped FX rate record at %s-%d offset %d: %s", record.topic(), record.partition(),
                    record.offset(), e instanceof IllegalArgumentException ? e.getMessage() : "not a valid fx-rate/v1 record");
        } finally {
            CorrelationId.clear();
        }
    }

    /** Publishes an operator-entered rate for every instance; completes when the broker has it. */
    public Uni<Void> publish(FxRate rate, String correlationId) {
        table.validate(rate);
        return publisher.sendMessage(Records.keyed(rate.pair(), rate, FxRate.SCHEMA, correlationId))
                .ifNoItem().after(PUBLISH_TIMEOUT).fail();
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
