package com.partnerplatform.signer.keys;

import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

import com.partnerplatform.events.keys.PublicKeyEvent;

/** The public-key feed: the compacted {@code signer.public-keys} topic, keyed by kid. */
public interface KeyFeed {

    /** The latest event of every kid that has not been tombstoned, as read from the feed. */
    Map<String, PublicKeyEvent> snapshot();

    /** Kids whose latest record is a tombstone (while the broker still keeps the tombstone). */
    Set<String> tombstoned();

    /** Publishes and waits for the broker's acknowledgement. */
    void publish(PublicKeyEvent event);

    /** Publishes a tombstone for {@code kid} and waits for the acknowledgement. */
    void tombstone(String kid);

    /** True while the feed is read to its end and followed. */
    default boolean healthy() {
        return true;
    }

    /** Called for every record read after the initial catch-up (value null = tombstone), our own included. */
    void onChange(BiConsumer<String, PublicKeyEvent> listener);
}
