package com.partnerplatform.quote.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.partnerplatform.events.keys.KeyState;
import com.partnerplatform.events.keys.PublicKeyEvent;
import com.partnerplatform.events.serde.Json;
import com.partnerplatform.events.signing.SigningReply;
import com.partnerplatform.quote.jwks.PublicKeyRegistry;
import com.partnerplatform.quote.signing.SignatureCheck.SignatureRejected;
import com.partnerplatform.ycmt.signatures.Artefact;
import com.partnerplatform.ycmt.signatures.CompactJws;
import com.partnerplatform.ycmt.signatures.InMemorySigningKey;
import com.partnerplatform.ycmt.signatures.Jcs;
import com.partnerplatform.ycmt.signatures.Jwk;
import com.partnerplatform.ycmt.signatures.QuoteClaims;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Local verification of the signer's replies with real RSA keys (no broker needed). */
class SignatureCheckTest {

    private static final InMemorySigningKey PUBLISHED = InMemorySigningKey.generate("published-key", 2048);
    private static final InMemorySigningKey UNPUBLISHED = InMemorySigningKey.generate("published-key", 2048);
    private static final Instant ISSUED = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    /**
     * As configured (quote.signing.key-wait): a wait of a few hundred ms could run out on a loaded
     * machine before the test publishes the late key.
     */
    private static final Duration KEY_WAIT = Duration.ofSeconds(2);

    private final PublicKeyRegistry registry = new PublicKeyRegistry(new SimpleMeterRegistry());
    private final SignatureCheck check = new SignatureCheck(registry, Clock.systemUTC(), KEY_WAIT);

    SignatureCheckTest() throws Exception {
        publish(PUBLISHED);
    }

    @Test
    void aReplySignedByAPublishedKeyOverTheStoredPayloadVerifies() throws Exception {
        QuoteClaims claims = claims("QT-PARTNER-2026-05-11-0000000001");
        String jws = CompactJws.sign(Artefact.QUOTE, claims.toClaims(), PUBLISHED);
        String kid = check.verify(reply(claims, jws, "published-key"), Jcs.canonicalize(claims.toClaims())).await().indefinitely();
        assertThat(kid).isEqualTo("published-key");
    }

    @Test
    void aSignatureByAKeyThatIsNotInTheJwksFailsStep8() throws Exception {
        QuoteClaims claims = claims("QT-PARTNER-2026-05-11-0000000002");
        // same kid, different key: only the signature check can tell
        String jws = CompactJws.sign(Artefact.QUOTE, claims.toClaims(), UNPUBLISHED);
        assertThatThrownBy(() -> check.verify(reply(claims, jws, "published-key"), Jcs.canonicalize(claims.toClaims()))
                .await().indefinitely())
                .isInstanceOf(SignatureRejected.class).hasMessageContaining("step 8");
    }

    @Test
    void anUnknownKidIsWaitedForThenRefused() throws Exception {
        InMemorySigningKey late = InMemorySigningKey.generate("late-key", 2048);
        QuoteClaims claims = claims("QT-PARTNER-2026-05-11-0000000003");
        String jws = CompactJws.sign(Artefact.QUOTE, claims.toClaims(), late);
        long start = System.nanoTime();
        assertThatThrownBy(() -> check.verify(reply(claims, jws, "late-key"), Jcs.canonicalize(claims.toClaims()))
                .await().indefinitely())
                .isInstanceOf(SignatureRejected.class).hasMessageContaining("step 4");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(KEY_WAIT.minusMillis(50));

        // published while the reply waits: it verifies
        var pending = check.verify(reply(claims, jws, "late-key"), Jcs.canonicalize(claims.toClaims())).subscribeAsCompletionStage();
        publish(late);
        assertThat(pending.get()).isEqualTo("late-key");
    }

    @Test
    void aValidSignatureOverAnotherPayloadIsRefused() throws Exception {
        QuoteClaims stored = claims("QT-PARTNER-2026-05-11-0000000004");
        QuoteClaims other = claims("QT-PARTNER-2026-05-11-0000000005");
        String jws = CompactJws.sign(Artefact.QUOTE, other.toClaims(), PUBLISHED);
        assertThatThrownBy(() -> check.verify(reply(stored, jws, "published-key"), Jcs.canonicalize(stored.toClaims()))
                .await().indefinitely())
                .isInstanceOf(SignatureRejected.class).hasMessageContaining("not the canonical payload");
    }

    @Test
    void aTamperedPayloadOrAMismatchedKidIsRefused() throws Exception {
        QuoteClaims claims = claims("QT-PARTNER-2026-05-11-0000000006");
        String jws = CompactJws.sign(Artefact.QUOTE, claims.toClaims(), PUBLISHED);
        String[] parts = jws.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1])).replace("\"100.00\"", "\"900.00\"");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes()) + "." + parts[2];
        assertThatThrownBy(() -> check.verify(reply(claims, tampered, "published-key"), Jcs.canonicalize(claims.toClaims()))
                .await().indefinitely()).isInstanceOf(SignatureRejected.class);
        assertThatThrownBy(() -> check.verify(reply(claims, jws, "other-kid"), Jcs.canonicalize(claims.toClaims()))
                .await().indefinitely()).isInstanceOf(SignatureRejected.class).hasMessageContaining("kid");
    }

    private void publish(InMemorySigningKey key) throws Exception {
        Map<String, Object> jwk = new LinkedHashMap<>(Jwk.of(key).toMap());
        registry.onRecord(new ConsumerRecord<>("signer.public-keys", 0, 0, key.kid(), Json.MAPPER.writeValueAsString(
                new PublicKeyEvent(key.kid(), jwk, KeyState.ACTIVE, Instant.now(), null, Instant.now()))));
    }

    private static SigningReply reply(QuoteClaims claims, String jws, String kid) {
        return SigningReply.signed(claims.quoteId(), "corr-1", jws, kid, Instant.now());
    }

    static QuoteClaims claims(String quoteId) {
        long seq = Long.parseLong(quoteId.substring(quoteId.length() - 10));
        return new QuoteClaims(quoteId, "01HX9F2J7K3M5N7P9Q1R3T5V8" + (seq % 10), "PRT-YESCASH-EU-DEMO-PARTNER", seq,
                "SUB-01HX9F2J7K3M5N7P9Q1R3T5V7W", new BigDecimal("100.00"), "EUR", new BigDecimal("1085.00"), "MAD", "MA",
                "MAD", "ES-MA", "OPEN_PAYMENT", new BigDecimal("10.8500"), new BigDecimal("1.50"), new BigDecimal("1.00"),
                new BigDecimal("102.50"), ISSUED, ISSUED.plus(15, ChronoUnit.MINUTES));
    }
}
