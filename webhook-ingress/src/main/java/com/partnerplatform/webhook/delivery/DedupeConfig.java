package com.partnerplatform.webhook.delivery;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How long delivery ids are remembered. */
@ConfigMapping(prefix = "webhook.dedupe")
public interface DedupeConfig {

    /**
     * The sender's retry horizon: a duplicate can arrive until then, so ids are kept that long
     * (it is days, unrelated to the minutes of the replay window).
     */
    @WithDefault("7D")
    Duration retention();

    /** How often expired ids are deleted (read by {@link DeliveryRetention}'s schedule). */
    @WithDefault("1h")
    String cleanupEvery();

    /** The first cleanup runs this long after start, out of the way of start-up work. */
    @WithDefault("1m")
    String cleanupDelay();

    /**
     * Group commit (see {@link GroupCommit}): at most this many delivery ids are claimed, or marked
     * accepted, by one statement.
     */
    @WithDefault("256")
    int groupCommitMaxBatch();

    /**
     * Group commit: claim (and, separately, mark) statements running at once; deliveries arriving meanwhile
     * gather into the next batch. One keeps batches largest (least database CPU) for at most one round trip of waiting.
     */
    @WithDefault("1")
    int groupCommitInFlight();
}
