package com.partnerplatform.quote.jwks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.partnerplatform.events.keys.KeyState;
import com.partnerplatform.events.keys.PublicKeyEvent;
import com.partnerplatform.events.serde.Json;
import com.partnerplatform.ycmt.signatures.Jwk;
import com.partnerplatform.ycmt.signatures.Jwks;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

/**
 * The signer's public keys as published on the compacted {@code signer.public-keys} topic (key =
 * kid): PENDING, ACTIVE and RETIRING keys are in the set, a tombstone removes its kid. Each
 * instance reads the whole topic from the beginning, so a restart rebuilds the same set.
 *
 * <p>Only public material can get in: an event whose JWK has a private member ({@code d}, primes,
 * CRT values, {@code oth}, or a symmetric {@code k}) is refused whole and logged as a security
 * event (without its content); other members outside kty, kid, use, alg, n, e are dropped, and what
 * remains must be a valid RS256 key of RSA-2048 or larger.
 */
@ApplicationScoped
public class PublicKeyRegistry {

    private static final Logger LOG = Logger.getLogger(PublicKeyRegistry.class);
    private static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");
    private static final List<String> PUBLIC_MEMBERS = List.of("kty", "kid", "use", "alg", "n", "e");

    /** One published key. */
    public record PublishedKey(Jwk jwk, KeyState state, Instant activeFrom, Instant retireAfter, Instant publishedAt) {
    }

    /** What GET /.well-known/jwks.json serves: built once per change, never per request. */
    public record Snapshot(Jwks jwks, byte[] body, String etag, Map<String, KeyState> states) {
    }

    private final Map<String, PublishedKey> keys = new ConcurrentHashMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final MeterRegistry registry;
    private volatile Snapshot snapshot = build(Map.of());

    public PublicKeyRegistry(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("quote.jwks.keys", keys, Map::size);
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    /**
     * Completes with true once {@code kid} is in the set, or false after {@code timeout}. A signer
     * publishes a key before it signs with it, but this instance may read that record a moment
     * after the reply that uses it.
     */
    public Uni<Boolean> awaitKid(String kid, Duration timeout) {
        if (snapshot.jwks().find(kid).isPresent()) {
            return Uni.createFrom().item(true);
        }
        return Uni.createFrom().<Boolean> emitter(emitter -> {
            Runnable listener = new Runnable() {
                @Override
                public void run() {
                    if (snapshot.jwks().find(kid).isPresent()) {
                        listeners.remove(this);
                        emitter.complete(true);
                    }
                }
            };
            listeners.add(listener);
            emitter.onTermination(() -> listeners.remove(listener));
            listener.run();
        }).ifNoItem().after(timeout).recoverWithItem(false);
    }

    @Incoming("signer-keys")
    public void onRecord(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            if (record.key() != null && keys.remove(record.key()) != null) {
                LOG.infof("signing key %s retired from the JWKS (tombstone)", printable(record.key()));
                changed();
            }
            return;
        }
        try {
            accept(record.key(), record.value());
        } catch (RejectedKeyEvent e) {
            registry.counter("quote.jwks.events.rejected", "reason", e.reason).increment();
            if ("private-member".equals(e.reason)) {
                LOG.errorf("SECURITY: refused public-key event at %s-%d offset %d: %s", record.topic(),
                        record.partition(), record.offset(), e.getMessage());
            } else {
                LOG.warnf("refused public-key event at %s-%d offset %d: %s", record.topic(), record.partition(),
                        record.offset(), e.getMessage());
            }
        }
    }

    /** Applies one event's JSON; package-visible for tests that plant bad events without a broker. */
    void accept(String recordKey, String value) {
        JsonNode tree;
        PublicKeyEvent event;
        try {
            tree = Json.MAPPER.readTree(value);
            event = Json.MAPPER.treeToValue(tree, PublicKeyEvent.class);
        } catch (Exception e) {
            throw new RejectedKeyEvent("malformed", "not a valid public-key/v1 record");
        }
        JsonNode jwkNode = tree.path("jwk");
        if (!jwkNode.isObject()) {
            throw new RejectedKeyEvent("malformed", "the event has no jwk object");
        }
        for (Iterator<String> it = jwkNode.fieldNames(); it.hasNext(); ) {
            String member = it.next();
            if (PRIVATE_MEMBERS.contains(member)) {
                throw new RejectedKeyEvent("private-member", "the JWK of kid " + printable(event.kid())
                        + " carries private member '" + member + "'; only public keys may be published");
            }
        }
        if (event.kid() == null || event.state() == null) {
            throw new RejectedKeyEvent("malformed", "kid and state are required");
        }
        if (recordKey != null && !recordKey.equals(event.kid())) {
            throw new RejectedKeyEvent("malformed", "record key differs from the event's kid");
        }
        Map<String, Object> publicOnly = new LinkedHashMap<>();
        ObjectNode jwkObject = (ObjectNode) jwkNode;
        for (String member : PUBLIC_MEMBERS) {
            if (jwkObject.has(member)) {
                publicOnly.put(member, jwkObject.get(member).isTextual() ? jwkObject.get(member).textValue() : jwkObject.get(member));
            }
        }
        Jwk jwk;
        try {
            jwk = Jwk.fromMap(publicOnly);
        } catch (IllegalArgumentException e) {
            throw new RejectedKeyEvent("invalid-key", e.getMessage());
        }
        if (!jwk.kid().equals(event.kid())) {
            throw new RejectedKeyEvent("malformed", "the JWK's kid differs from the event's kid");
        }
        PublishedKey previous = keys.put(jwk.kid(), new PublishedKey(jwk, event.state(), event.activeFrom(),
                event.retireAfter(), event.publishedAt() == null ? Instant.EPOCH : event.publishedAt()));
        if (previous == null || previous.state() != event.state() || !previous.jwk().equals(jwk)) {
            LOG.infof("signing key %s is %s in the JWKS", jwk.kid(), event.state());
        }
        changed();
    }

    private void changed() {
        snapshot = build(keys);
        listeners.forEach(Runnable::run);
    }

    private static Snapshot build(Map<String, PublishedKey> keys) {
        List<PublishedKey> ordered = new ArrayList<>(keys.values());
        ordered.sort(Comparator.comparing(PublishedKey::publishedAt).thenComparing(k -> k.jwk().kid()));
        Jwks jwks = new Jwks(ordered.stream().map(PublishedKey::jwk).toList());
        byte[] body = jwks.toJson().getBytes(StandardCharsets.UTF_8);
        Map<String, KeyState> states = new LinkedHashMap<>();
        ordered.forEach(k -> states.put(k.jwk().kid(), k.state()));
        return new Snapshot(jwks, body, "\"" + sha256(body) + "\"", Map.copyOf(states));
    }

    private static String sha256(byte[] body) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String printable(String kid) {
        if (kid == null) {
            return "null";
        }
        String cut = kid.length() > 64 ? kid.substring(0, 64) + "..." : kid;
        return cut.replaceAll("[^\\x21-\\x7e]", "?");
    }

    private static final class RejectedKeyEvent extends RuntimeException {
        final String reason;

        RejectedKeyEvent(String reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }
}
