package com.partnerplatform.signer.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.internals.RecordHeader;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import com.partnerplatform.events.Headers;
import com.partnerplatform.events.audit.SignerAuditRecord;
import com.partnerplatform.signer.signing.Digests;
import com.partnerplatform.signer.signing.RequestTrace;
import com.partnerplatform.ycmt.signatures.Jcs;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * One audit record per signing outcome on signer.audit. It identifies what was signed by the SHA-256
 * of the canonical payload and carries ids and codes only: never a claim value (subscription_id and
 * amounts are personal data), a JWS, or key material.
 */
@ApplicationScoped
public class SignerAudit {

    /** Outcome values of {@link SignerAuditRecord#outcome()}. */
    public enum Outcome { SIGNED, REJECTED, FAILED, MALFORMED }

    private final MutinyEmitter<SignerAuditRecord> emitter;

    public SignerAudit(@Channel("signer-audit") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
            MutinyEmitter<SignerAuditRecord> emitter) {
        this.emitter = emitter;
    }

    /** Sends the record as a child of the request's trace; the Uni completes when the broker acknowledged it. */
    public Uni<Void> record(String quoteId, String jti, String kid, String payloadSha256, Outcome outcome, String errorCode,
            String correlationId, Instant at, RequestTrace trace) {
        SignerAuditRecord record = new SignerAuditRecord(quoteId, jti, kid, payloadSha256, outcome.name(), errorCode,
                correlationId, at);
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(quoteId)
                .withHeaders(List.of(
                        new RecordHeader(Headers.SCHEMA, SignerAuditRecord.SCHEMA.getBytes(StandardCharsets.UTF_8)),
                        new RecordHeader(Headers.CORRELATION_ID, correlationId.getBytes(StandardCharsets.UTF_8))))
                .build();
        return emitter.sendMessage(trace.parent(Message.of(record).addMetadata(metadata)));
    }

    /** Hex SHA-256 of the JCS form of claims that were refused, or null when they cannot be canonicalised. */
    public static String payloadSha256(Map<String, Object> claims) {
        if (claims == null) {
            return null;
        }
        try {
            return Digests.sha256Hex(Jcs.canonicalize(claims));
        } catch (RuntimeException e) {
            return null;
        }
    }
}
