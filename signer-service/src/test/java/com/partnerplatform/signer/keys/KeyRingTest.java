package com.partnerplatform.signer.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.partnerplatform.events.keys.KeyState;
import com.partnerplatform.events.keys.PublicKeyEvent;
import com.partnerplatform.signer.custody.dev.DevCustody;
import com.partnerplatform.ycmt.signatures.InMemorySigningKey;
import com.partnerplatform.ycmt.signatures.Jwk;

class KeyRingTest {

    private static final Duration PROPAGATION = Duration.ofMinutes(10);
    private static final Duration OVERLAP = Duration.ofMinutes(30);
    private static final RotationPolicy POLICY = new RotationPolicy(Duration.ofMinutes(15), Duration.ofMinutes(5),
            PROPAGATION, OVERLAP, Optional.empty());

    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-11T14:00:00Z"));
    private InMemoryKeyFeed feed;
    private DevCustody custody;
    private KeyRing ring;

    @BeforeEach
    void startRing() throws Exception {
        feed = new InMemoryKeyFeed();
        custody = new DevCustody("pr-", 2048, clock);
        ring = new KeyRing(custody, feed, POLICY, clock);
        ring.start();
    }

    @Test
    void aFirstStartPublishesOneKeyAsActiveAndSignsWithIt() {
        assertThat(feed.log).hasSize(1);
        PublicKeyEvent event = feed.log.get(0).event();
        assertThat(event.state()).isEqualTo(KeyState.ACTIVE);
        assertThat(event.activeFrom()).isEqualTo(clock.instant());
        assertThat(ring.activeKey()).map(ActiveKey::kid).contains(event.kid());
        assertThat(event.kid()).startsWith("pr-dev-");
        // the published JWK is the custody key's public half and nothing more
        assertThat(event.jwk()).containsOnlyKeys("kty", "kid", "use", "alg", "n", "e");
        assertThat(Jwk.fromMap(event.jwk()).sameKeyAs(custody.signingKey(event.kid()).orElseThrow().publicKey())).isTrue();
    }

    @Test
    void aRotatedKeyIsPublishedPendingAndSignsOnlyAfterThePropagationDelay() throws Exception {
        String oldKid = ring.activeKey().orElseThrow().kid();
        int mark = feed.log.size();

        RotationResult result = ring.rotate(false);

        assertThat(result.state()).isEqualTo(KeyState.PENDING);
        assertThat(result.activeFrom()).isEqualTo(clock.instant().plus(PROPAGATION));
        assertThat(feed.since(mark)).singleElement().satisfies(p -> {
            assertThat(p.kid()).isEqualTo(result.kid());
            assertThat(p.event().state()).isEqualTo(KeyState.PENDING);
        });
        assertThat(ring.activeKey()).map(ActiveKey::kid).contains(oldKid);

        clock.advance(PROPAGATION.minusSeconds(1));
        ring.tick();
        assertThat(ring.activeKey()).map(ActiveKey::kid).contains(oldKid);

        clock.advance(Duration.ofSeconds(1));
        Instant activation = clock.instant();
        ring.tick();
        assertThat(ring.activeKey()).map(ActiveKey::kid).contains(result.kid());
        List<InMemoryKeyFeed.Published> changes = feed.since(mark + 1);
        assertThat(changes).extracting(p -> p.kid() + ":" + p.event().state())
                .containsExactly(result.kid() + ":ACTIVE", oldKid + ":RETIRING");
        assertThat(changes.get(1).event().retireAfter()).isEqualTo(activation.plus(OVERLAP));
    }

    @Test
    void aRetiringKeyIsTombstonedAndDestroyedAfterTheOverlapWindow() throws Exception {
        String oldKid = ring.activeKey().orElseThrow().kid();
        ring.rotate(false);
        clock.advance(PROPAGATION);
        ring.tick();
        assertThat(ring.state(oldKid)).contains(KeyState.RETIRING);
        assertThat(custody.signingKey(oldKid)).isPresent();

        clock.advance(OVERLAP.minusSeconds(1));
        ring.tick();
        assertThat(ring.state(oldKid)).contains(KeyState.RETIRING);

        clock.advance(Duration.ofSeconds(1));
        int mark = feed.log.size();
        ring.tick();
        assertThat(feed.since(mark)).singleElement().satisfies(p -> {
            assertThat(p.kid()).isEqualTo(oldKid);
            assertThat(p.event()).as("tombstone").isNull();
        });
        assertThat(ring.state(oldKid)).isEmpty();
        assertThat(custody.signingKey(oldKid)).as("destroyed in the custody").isEmpty();
    }

    @Test
    void anEmergencyRotationSignsWithTheNewKeyAtOnceAndTombstonesTheOldKeyAtOnce() throws Exception {
        String oldKid = ring.activeKey().orElseThrow().kid();
        int mark = feed.log.size();

        RotationResult result = ring.rotate(true);

        assertThat(result.state()).isEqualTo(KeyState.ACTIVE);
        assertThat(result.retired()).containsExactly(oldKid);
        assertThat(ring.activeKey()).map(ActiveKey::kid).contains(result.kid());
        assertThat(feed.since(mark)).extracting(p -> p.kid() + ":" + (p.event() == null ? "TOMBSTONE" : p.event().state()))
                .containsExactly(result.kid() + ":PENDING", result.kid() + ":ACTIVE", oldKid + ":TOMBSTONE");
        assertThat(custody.signingKey(oldKid)).isEmpty();
    }

    @Test
    void aSecondNormalRotationWhileAKeyIsPendingIsRefused() throws Exception {
        RotationResult pending = ring.rotate(false);
        assertThatThrownBy(() -> ring.rotate(false)).isInstanceOf(RotationInProgressException.class)
                .hasMessageContaining(pending.kid());
    }

    @Test
    void anEmergencyRotationWhileAKeyIsPendingTombstonesThePendingKeyToo() throws Exception {
        String oldKid = ring.activeKey().orElseThrow().kid();
        RotationResult pending = ring.rotate(false);
        RotationResult emergency = ring.rotate(true);
        assertThat(emergency.retired()).containsExactlyInAnyOrder(oldKid, pending.kid());
        assertThat(ring.view()).extracting(KeyView::kid).containsExactly(emergency.kid());
    }

    @Test
    void aRestartKeepsStatesAndDeadlinesFromTheFeed() throws Exception {
        String oldKid = ring.activeKey().orElseThrow().kid();
        RotationResult pending = ring.rotate(false);

        KeyRing restarted = new KeyRing(custody, feed, POLICY, clock);
        clock.advance(Duration.ofMinutes(1));
        restarted.start();
        assertThat(restarted.activeKey()).map(ActiveKey::kid).contains(oldKid);
        assertThat(restarted.state(pending.kid())).contains(KeyState.PENDING);

        clock.advance(PROPAGATION);
        restarted.tick();
        assertThat(restarted.activeKey()).map(ActiveKey::kid).contains(pending.kid());
    }

    @Test
    void keysTheCustodyNoLongerHoldsAreRetiredWithTheOverlapAtStart() throws Exception {
        InMemorySigningKey vanished = InMemorySigningKey.generate("pr-dev-1-previous-run", 2048);
        InMemoryKeyFeed previous = new InMemoryKeyFeed();
        previous.publish(new PublicKeyEvent(vanished.kid(), Jwk.of(vanished).toMap(), KeyState.ACTIVE,
                clock.instant().minusSeconds(3600), null, clock.instant().minusSeconds(3600)));
        DevCustody freshProcess = new DevCustody("pr-", 2048, clock);

        KeyRing ring = new KeyRing(freshProcess, previous, POLICY, clock);
        ring.start();

        PublicKeyEvent retired = previous.snapshot().get(vanished.kid());
        assertThat(retired.state()).isEqualTo(KeyState.RETIRING);
        assertThat(retired.retireAfter()).isEqualTo(clock.instant().plus(OVERLAP));
        assertThat(ring.activeKey().orElseThrow().kid()).isNotEqualTo(vanished.kid());
        assertThat(previous.snapshot()).hasSize(2);
    }

    @Test
    void aScheduledRotationStartsWhenTheActiveKeyIsOlderThanTheInterval() throws Exception {
        RotationPolicy scheduled = new RotationPolicy(Duration.ofMinutes(15), Duration.ofMinutes(5), PROPAGATION, OVERLAP,
                Optional.of(Duration.ofDays(30)));
        InMemoryKeyFeed feed = new InMemoryKeyFeed();
        KeyRing ring = new KeyRing(new DevCustody("pr-", 2048, clock), feed, scheduled, clock);
        ring.start();

        clock.advance(Duration.ofDays(30).minusSeconds(1));
        ring.tick();
        assertThat(feed.snapshot().values()).extracting(PublicKeyEvent::state).containsOnly(KeyState.ACTIVE);

        clock.advance(Duration.ofSeconds(1));
        ring.tick();
        assertThat(feed.snapshot().values()).extracting(PublicKeyEvent::state)
                .containsExactlyInAnyOrder(KeyState.ACTIVE, KeyState.PENDING);
    }

    @Test
    void theViewListsPublicFactsOnly() {
        assertThat(ring.view()).singleElement().satisfies(v -> {
            assertThat(v.state()).isEqualTo(KeyState.ACTIVE);
            assertThat(v.bits()).isEqualTo(2048);
            assertThat(v.signing()).isTrue();
            assertThat(v.heldByCustody()).isTrue();
        });
    }
}
