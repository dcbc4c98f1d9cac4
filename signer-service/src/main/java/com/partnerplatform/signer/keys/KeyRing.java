package com.partnerplatform.signer.keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import com.partnerplatform.events.keys.KeyState;
import com.partnerplatform.events.keys.PublicKeyEvent;
import com.partnerplatform.signer.custody.CustodyKey;
import com.partnerplatform.signer.custody.KeyCustody;
import com.partnerplatform.ycmt.signatures.Jwk;
import com.partnerplatform.ycmt.signatures.SigningException;
import com.partnerplatform.ycmt.signatures.SigningKey;

/**
 * The life of the signing keys: PENDING (published, not signing) until {@code activeFrom}, ACTIVE
 * (the one key that signs), RETIRING (published for the overlap window, not signing), then a
 * tombstone on the feed and destruction in the custody. Every state change is acknowledged by the
 * feed before it takes effect here, so no key signs before its JWK is on the feed and no key
 * leaves the feed while a quote it signed can still be valid.
 *
 * <p>The feed is the memory: on start the ring reads it and reconciles it with what the custody
 * holds, so a restart keeps states and deadlines. Kids of this custody's namespace that the custody
 * no longer holds (a dev key from the previous run), and kids of another namespace (a previous
 * custody), cannot sign any more and are retired with the normal overlap.
 */
public final class KeyRing {

    private static final Logger LOG = Logger.getLogger(KeyRing.class);

    private final KeyCustody custody;
    private final KeyFeed feed;
    private final RotationPolicy policy;
    private final Clock clock;
    private final Map<String, PublicKeyEvent> states = new HashMap<>();
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile ActiveKey active;

    public KeyRing(KeyCustody custody, KeyFeed feed, RotationPolicy policy, Clock clock) {
        this.custody = custody;
        this.feed = feed;
        this.policy = policy.requireValid();
        this.clock = clock;
    }

    /** Reconciles the feed with the custody, republishes every state, and applies due transitions. */
    public synchronized void start() throws SigningException {
        Instant now = clock.instant();
        states.putAll(feed.snapshot());
        for (String kid : feed.tombstoned()) {
            if (held(kid).isPresent()) {
                LOG.warnf("key %s is tombstoned on the feed but still in the %s custody: destroying it", kid, custody.name());
                custody.destroy(kid);
            }
        }
        for (PublicKeyEvent event : List.copyOf(states.values())) {
            boolean usable = custody.owns(event.kid()) && held(event.kid()).isPresent();
            if (!usable && event.state() != KeyState.RETIRING) {
                LOG.infof("key %s (%s) is not held by the %s custody any more: retiring it", event.kid(), event.state(),
                        custody.name());
                publish(event.kid(), event.jwk(), KeyState.RETIRING, event.activeFrom(), now.plus(policy.overlap()));
            }
        }
        boolean hasActiveOrPending = states.values().stream()
                .anyMatch(e -> e.state() != KeyState.RETIRING && held(e.kid()).isPresent());
        if (!hasActiveOrPending) {
            CustodyKey bootstrap = unpublishedNewest().orElse(null);
            if (bootstrap == null) {
                bootstrap = custody.createKey();
            }
            // nothing was ever signed by this custody, so there is no cached JWKS to wait for
            LOG.infof("bootstrapping key ring with %s (RSA-%d)", bootstrap.kid(), bootstrap.bits());
            publish(bootstrap.kid(), jwk(bootstrap), KeyState.ACTIVE, now, null);
            custody.activated(bootstrap.kid());
        } else {
            for (PublicKeyEvent event : List.copyOf(states.values())) {
                publish(event.kid(), event.jwk(), event.state(), event.activeFrom(), event.retireAfter());
            }
        }
        tickLocked(now);
        feed.onChange(this::onFeedChange);
        started.countDown();
    }

    /** Blocks until {@link #start()} completed; false on timeout. */
    public boolean awaitStarted(Duration timeout) throws InterruptedException {
        return started.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Activates due PENDING keys, tombstones RETIRING keys past their window, rotates on schedule. */
    public synchronized void tick() throws SigningException {
        if (started.getCount() == 0) {
            tickLocked(clock.instant());
        }
    }

    /**
     * Creates a new key in the custody. Normal: published PENDING, signs after the propagation
     * delay. Emergency: published PENDING and at once ACTIVE, and the key(s) that were ACTIVE or
     * PENDING are tombstoned and destroyed immediately - they are presumed compromised.
     *
     * @throws RotationInProgressException for a normal rotation while a key is PENDING
     */
    public synchronized RotationResult rotate(boolean emergency) throws SigningException {
        Instant now = clock.instant();
        List<PublicKeyEvent> current = states.values().stream()
                .filter(e -> e.state() != KeyState.RETIRING && custody.owns(e.kid())).toList();
        if (!emergency) {
            current.stream().filter(e -> e.state() == KeyState.PENDING).findFirst().ifPresent(p -> {
                throw new RotationInProgressException(p.kid());
            });
        }
        CustodyKey created = custody.createKey();
        Map<String, Object> jwk = jwk(created);
        Instant activeFrom = emergency ? now : now.plus(policy.propagationDelay());
        publish(created.kid(), jwk, KeyState.PENDING, activeFrom, null);
        List<String> retired = new ArrayList<>();
        if (emergency) {
            publish(created.kid(), jwk, KeyState.ACTIVE, now, null);
            custody.activated(created.kid());
            for (PublicKeyEvent old : current) {
                tombstone(old.kid());
                retired.add(old.kid());
            }
            LOG.warnf("EMERGENCY rotation: %s signs now; tombstoned and destroyed %s", created.kid(), retired);
        } else {
            LOG.infof("rotation: %s published PENDING, signs from %s", created.kid(), activeFrom);
        }
        refreshActive();
        return new RotationResult(created.kid(), states.get(created.kid()).state(), activeFrom, emergency, retired);
    }

    /** The key that signs now, if any. */
    public Optional<ActiveKey> activeKey() {
        return Optional.ofNullable(active);
    }

    /** Every published key, newest activation first. */
    public synchronized List<KeyView> view() {
        ActiveKey signing = active;
        return states.values().stream()
                .sorted(Comparator.comparing((PublicKeyEvent e) -> e.activeFrom() == null ? Instant.MAX : e.activeFrom()).reversed())
                .map(e -> new KeyView(e.kid(), e.state(), bits(e), e.activeFrom(), e.retireAfter(), e.publishedAt(),
                        held(e.kid()).isPresent(), signing != null && signing.kid().equals(e.kid())))
                .toList();
    }

    private void tickLocked(Instant now) throws SigningException {
        for (PublicKeyEvent pending : sorted(KeyState.PENDING)) {
            if (!pending.activeFrom().isAfter(now) && held(pending.kid()).isPresent()) {
                activate(pending, now);
            }
        }
        for (PublicKeyEvent retiring : sorted(KeyState.RETIRING)) {
            if (retiring.retireAfter() != null && !retiring.retireAfter().isAfter(now)) {
                tombstone(retiring.kid());
                LOG.infof("key %s left the JWKS after its overlap window", retiring.kid());
            }
        }
        refreshActive();
        if (policy.interval().isPresent() && active != null && sorted(KeyState.PENDING).isEmpty()) {
            PublicKeyEvent current = states.get(active.kid());
            if (current != null && !current.activeFrom().plus(policy.interval().get()).isAfter(now)) {
                LOG.infof("scheduled rotation: %s has signed since %s", current.kid(), current.activeFrom());
                rotate(false);
            }
        }
    }

    private void activate(PublicKeyEvent pending, Instant now) throws SigningException {
        publish(pending.kid(), pending.jwk(), KeyState.ACTIVE, pending.activeFrom(), null);
        for (PublicKeyEvent old : sorted(KeyState.ACTIVE)) {
            if (!old.kid().equals(pending.kid())) {
                publish(old.kid(), old.jwk(), KeyState.RETIRING, old.activeFrom(), now.plus(policy.overlap()));
            }
        }
        custody.activated(pending.kid());
        LOG.infof("key %s is ACTIVE", pending.kid());
    }

    private void refreshActive() {
        ActiveKey current = active;
        Optional<SigningKey> next = states.values().stream()
                .filter(e -> e.state() == KeyState.ACTIVE)
                .sorted(Comparator.comparing(PublicKeyEvent::activeFrom).reversed())
                .map(e -> held(e.kid()))
                .flatMap(Optional::stream)
                .findFirst();
        if (next.isEmpty()) {
            active = null;
        } else if (current == null || !current.kid().equals(next.get().kid())) {
            active = ActiveKey.of(next.get(), clock);
        }
    }

    /** Adopts changes made by another signer instance sharing this custody (Vault). */
    private synchronized void onFeedChange(String kid, PublicKeyEvent event) {
        PublicKeyEvent known = states.get(kid);
        if (event == null) {
            if (known != null) {
                states.remove(kid);
                LOG.infof("key %s was tombstoned by another signer instance", kid);
            }
        } else if (known == null || event.publishedAt().isAfter(known.publishedAt())) {
            if (custody.owns(kid) && held(kid).isEmpty()) {
                try {
                    custody.refresh();
                } catch (SigningException e) {
                    LOG.warnf("cannot refresh the %s custody after a change of %s: %s", custody.name(), kid, e.getMessage());
                }
            }
            states.put(kid, event);
        }
        refreshActive();
    }

    private void publish(String kid, Map<String, Object> jwk, KeyState state, Instant activeFrom, Instant retireAfter) {
        PublicKeyEvent event = new PublicKeyEvent(kid, jwk, state, activeFrom, retireAfter, clock.instant());
        feed.publish(event);
        states.put(kid, event);
    }

    private void tombstone(String kid) throws SigningException {
        feed.tombstone(kid);
        states.remove(kid);
        if (held(kid).isPresent()) {
            custody.destroy(kid);
        }
    }

    private List<PublicKeyEvent> sorted(KeyState state) {
        return states.values().stream().filter(e -> e.state() == state)
                .sorted(Comparator.comparing(PublicKeyEvent::kid)).toList();
    }

    private Optional<SigningKey> held(String kid) {
        return custody.owns(kid) ? custody.signingKey(kid) : Optional.empty();
    }

    private Optional<CustodyKey> unpublishedNewest() {
        List<CustodyKey> keys = custody.keys();
        for (int i = keys.size() - 1; i >= 0; i--) {
            CustodyKey key = keys.get(i);
            if (!states.containsKey(key.kid()) && !feed.tombstoned().contains(key.kid())) {
                return Optional.of(key);
            }
            if (states.containsKey(key.kid())) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static Map<String, Object> jwk(CustodyKey key) {
        return new Jwk(key.kid(), key.publicKey()).toMap();
    }

    private static int bits(PublicKeyEvent event) {
        try {
            return Jwk.fromMap(event.jwk()).publicKey().getModulus().bitLength();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** For tests and diagnostics: the current state of {@code kid}. */
    public synchronized Optional<KeyState> state(String kid) {
        return Optional.ofNullable(states.get(Objects.requireNonNull(kid))).map(PublicKeyEvent::state);
    }
}
