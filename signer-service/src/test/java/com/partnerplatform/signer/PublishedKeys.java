package com.partnerplatform.signer;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import com.partnerplatform.events.Topics;
import com.partnerplatform.events.keys.PublicKeyEvent;
import com.partnerplatform.events.serde.PublicKeyEventDeserializer;
import com.partnerplatform.ycmt.signatures.Artefact;
import com.partnerplatform.ycmt.signatures.Jwk;
import com.partnerplatform.ycmt.signatures.Jwks;
import com.partnerplatform.ycmt.signatures.LocalVerifier;
import com.partnerplatform.ycmt.signatures.VerificationReport;

/** Reads public keys the way a verifier would: from the signer.public-keys feed, not from the signer. */
public final class PublishedKeys {

    private PublishedKeys() {
    }

    /** Every event published for {@code kid} so far (null value = tombstone), waiting for at least one. */
    public static List<ConsumerRecord<String, byte[]>> events(String kid) {
        return KafkaRecords.await(Topics.SIGNER_PUBLIC_KEYS, 1, Duration.ofSeconds(30), r -> kid.equals(r.key()))
                .isEmpty() ? List.of() : KafkaRecords.readAll(Topics.SIGNER_PUBLIC_KEYS, Duration.ofMillis(500)).stream()
                        .filter(r -> kid.equals(r.key())).toList();
    }

    public static PublicKeyEvent latest(String kid) {
        List<ConsumerRecord<String, byte[]>> events = events(kid);
        byte[] value = events.get(events.size() - 1).value();
        return value == null ? null : new PublicKeyEventDeserializer().deserialize(Topics.SIGNER_PUBLIC_KEYS, value);
    }

    /** Runs the spec's local verification checklist with the JWK published for the JWS's kid. */
    public static VerificationReport verify(String jws, String kid) {
        PublicKeyEvent event = latest(kid);
        if (event == null) {
            throw new AssertionError("kid " + kid + " is tombstoned on the feed");
        }
        return new LocalVerifier(Jwks.of(Jwk.fromMap(event.jwk())), Clock.systemUTC()).verify(jws, Artefact.QUOTE);
    }
}
