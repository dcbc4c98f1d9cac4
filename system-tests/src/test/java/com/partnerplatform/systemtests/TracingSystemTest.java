package com.partnerplatform.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.partnerplatform.events.Topics;
import com.partnerplatform.events.serde.Json;
import com.partnerplatform.launcher.PlatformProcesses;
import com.partnerplatform.systemtests.support.OtlpReceiver;
import com.partnerplatform.systemtests.support.OtlpReceiver.ReceivedSpan;
import com.partnerplatform.systemtests.support.SharedPlatform;
import com.partnerplatform.systemtests.support.SystemPlatform;

import io.opentelemetry.proto.trace.v1.Span.SpanKind;

/**
 * One quote request is one distributed trace: quote-service and signer-service run as separate
 * processes with the OpenTelemetry SDK on, exporting OTLP/HTTP (protobuf) to a receiver in this
 * test, and the spans of both services - HTTP server, Kafka producer and consumer on the signing
 * request/reply topics, database calls - share the trace id the HTTP request started.
 */
@ExtendWith(SharedPlatform.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class TracingSystemTest {

    private static final String QUOTE = PlatformProcesses.QUOTE;
    private static final String SIGNER = PlatformProcesses.SIGNER;

    private static SystemPlatform platform;
    private static OtlpReceiver otlp;

    @BeforeAll
    static void platform(SystemPlatform shared) {
        platform = shared;
        otlp = shared.otlp();
    }

    @Test
    void aSignedQuoteIsOneTraceAcrossQuoteServiceKafkaAndSigner() throws Exception {
        String correlationId = "trace-" + UUID.randomUUID();
        HttpResponse<String> response = platform.requestQuote("100.00", correlationId);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode quote = Json.MAPPER.readTree(response.body());
        assertThat(quote.path("status").asText()).isEqualTo("SIGNED");
        assertThat(response.headers().firstValue("X-Correlation-Id")).contains(correlationId);

        ReceivedSpan server = single(otlp.await(span -> span.service().equals(QUOTE) && span.kind() == SpanKind.SPAN_KIND_SERVER
                && correlationId.equals(span.attribute("correlation.id")), Duration.ofSeconds(20)),
                "quote-service's HTTP server span carrying correlation.id=" + correlationId);
        String traceId = server.traceId();
        assertThat(server.name()).isEqualTo("POST /v1/quotes");
        assertThat(server.parentSpanId()).as("the HTTP request starts the trace").isEmpty();
        assertThat(server.attribute("http.request.method")).isEqualTo("POST");
        assertThat(server.attribute("http.route")).isEqualTo("/v1/quotes");
        assertThat(server.attribute("http.response.status_code")).isEqualTo("201");

        // each service exports on its own batch schedule: one hop having arrived says nothing about the other
        // service's spans, so wait for every hop asserted below (a stalled process outlasts any fixed pause),
        // then a little longer for the spans in between
        awaitHop(traceId, QUOTE, SpanKind.SPAN_KIND_PRODUCER, Topics.QUOTE_SIGNING_REQUESTS);
        awaitHop(traceId, SIGNER, SpanKind.SPAN_KIND_CONSUMER, Topics.QUOTE_SIGNING_REQUESTS);
        awaitHop(traceId, SIGNER, SpanKind.SPAN_KIND_PRODUCER, Topics.QUOTE_SIGNING_REPLIES);
        awaitHop(traceId, SIGNER, SpanKind.SPAN_KIND_PRODUCER, Topics.SIGNER_AUDIT);
        awaitHop(traceId, QUOTE, SpanKind.SPAN_KIND_CONSUMER, Topics.QUOTE_SIGNING_REPLIES);
        Thread.sleep(1000);
        List<ReceivedSpan> trace = otlp.trace(traceId);
        System.out.println("trace " + traceId + " (" + trace.size() + " spans):");
        trace.forEach(span -> System.out.println("  " + span));

        assertThat(trace.stream().map(ReceivedSpan::service).collect(Collectors.toSet()))
                .as("services in trace " + traceId).contains(QUOTE, SIGNER);

        ReceivedSpan requestProducer = single(filter(trace, QUOTE, SpanKind.SPAN_KIND_PRODUCER, Topics.QUOTE_SIGNING_REQUESTS),
                "quote-service's producer span to " + Topics.QUOTE_SIGNING_REQUESTS);
        assertThat(ancestors(trace, requestProducer)).as("the signing request is produced inside the HTTP request")
                .contains(server.spanId());
        ReceivedSpan signerConsumer = single(filter(trace, SIGNER, SpanKind.SPAN_KIND_CONSUMER, Topics.QUOTE_SIGNING_REQUESTS),
                "signer-service's consumer span of " + Topics.QUOTE_SIGNING_REQUESTS);
        assertThat(signerConsumer.parentSpanId()).as("the signer's consumer span continues the producer's context")
                .isEqualTo(requestProducer.spanId());
        List<ReceivedSpan> replyProducer = filter(trace, SIGNER, SpanKind.SPAN_KIND_PRODUCER, Topics.QUOTE_SIGNING_REPLIES);
        assertThat(replyProducer).as("signer-service's producer span to " + Topics.QUOTE_SIGNING_REPLIES).hasSize(1);
        assertThat(replyProducer.get(0).parentSpanId()).as("the signer's reply is sent on behalf of the consumed request")
                .isEqualTo(signerConsumer.spanId());
        List<ReceivedSpan> replyConsumers = filter(trace, QUOTE, SpanKind.SPAN_KIND_CONSUMER, Topics.QUOTE_SIGNING_REPLIES);
        assertThat(replyConsumers).as("quote-service's consumer span(s) of the reply on " + Topics.QUOTE_SIGNING_REPLIES)
                .isNotEmpty()
                .allSatisfy(span -> assertThat(span.parentSpanId()).as("continues the signer's reply producer: " + span)
                        .isEqualTo(replyProducer.get(0).spanId()));
        List<ReceivedSpan> auditProducer = filter(trace, SIGNER, SpanKind.SPAN_KIND_PRODUCER, Topics.SIGNER_AUDIT);
        assertThat(auditProducer).as("signer-service's producer span to " + Topics.SIGNER_AUDIT).hasSize(1);
        assertThat(auditProducer.get(0).parentSpanId()).as("the audit record belongs to the consumed request")
                .isEqualTo(signerConsumer.spanId());

        List<ReceivedSpan> database = trace.stream().filter(span -> span.attributes().containsKey("db.system")
                || span.attributes().containsKey("db.system.name")).toList();
        System.out.println("database spans in the trace: " + database.size());
        database.forEach(span -> assertThat(span.service()).isEqualTo(QUOTE));

        Set<String> ids = trace.stream().map(ReceivedSpan::spanId).collect(Collectors.toSet());
        assertThat(trace).as("every span's parent is in the trace (one tree, rooted at the HTTP request)")
                .allSatisfy(span -> assertThat(span.parentSpanId().isEmpty() ? span.spanId().equals(server.spanId())
                        : ids.contains(span.parentSpanId())).as(span.toString()).isTrue());
    }

    /**
     * The signer has no public API: everything it does answers a signing request, so none of its
     * Kafka spans (replies, audit records, dead letters) may start a trace of its own.
     */
    @Test
    void theSignerStartsNoTraceOfItsOwn() throws Exception {
        HttpResponse<String> response = platform.requestQuote("75.00", "trace-" + UUID.randomUUID());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        otlp.await(span -> span.service().equals(SIGNER) && span.kind() == SpanKind.SPAN_KIND_CONSUMER, Duration.ofSeconds(20));
        Thread.sleep(1500);
        List<ReceivedSpan> roots = otlp.spans().stream()
                .filter(span -> span.service().equals(SIGNER) && span.parentSpanId().isEmpty()
                        && span.attributes().containsKey("messaging.system"))
                .toList();
        roots.stream().limit(5).forEach(span -> System.out.println("  signer root span: trace=" + span.traceId() + " " + span));
        assertThat(roots).as("signer-service messaging spans without a parent (each one a trace of its own)").isEmpty();
    }

    private static List<String> ancestors(List<ReceivedSpan> trace, ReceivedSpan span) {
        Map<String, ReceivedSpan> byId = trace.stream().collect(Collectors.toMap(ReceivedSpan::spanId, s -> s, (a, b) -> a));
        List<String> chain = new ArrayList<>();
        for (ReceivedSpan at = byId.get(span.parentSpanId()); at != null && chain.size() < trace.size(); at = byId.get(at.parentSpanId())) {
            chain.add(at.spanId());
        }
        return chain;
    }

    /** Waits until the span of {@code service} of {@code kind} on {@code topic} in the trace arrived. */
    private static void awaitHop(String traceId, String service, SpanKind kind, String topic) {
        otlp.await(span -> span.traceId().equals(traceId) && span.service().equals(service) && span.kind() == kind
                && isOn(span, topic), Duration.ofSeconds(20));
    }

    private static boolean isOn(ReceivedSpan span, String topic) {
        return topic.equals(span.attribute("messaging.destination.name"));
    }

    private static List<ReceivedSpan> filter(List<ReceivedSpan> trace, String service, SpanKind kind, String topic) {
        return trace.stream().filter(span -> span.service().equals(service) && span.kind() == kind && isOn(span, topic)).toList();
    }

    private static ReceivedSpan single(List<ReceivedSpan> spans, String what) {
        assertThat(spans).as(what + " (received: " + otlp.spans().size() + " spans in " + otlp.exports() + " exports)")
                .hasSize(1);
        return spans.get(0);
    }
}
