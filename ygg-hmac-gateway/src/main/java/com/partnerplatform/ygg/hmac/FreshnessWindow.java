package com.partnerplatform.ygg.hmac;

import java.time.Clock;
import java.time.Duration;

/**
 * How far a request's UUIDv7 timestamp may lie from now: at most {@code maxAge} in the past and at most
 * {@code maxFutureSkew} in the future (clock skew between YGG and us). Both bounds are inclusive. Duplicate
 * request ids must be remembered for at least {@code maxAge + maxFutureSkew}.
 */
public record FreshnessWindow(Duration maxAge, Duration maxFutureSkew) {

    /** Five minutes back (the usual replay window, as for webhooks), one minute ahead. */
    public static final FreshnessWindow DEFAULT = new FreshnessWindow(Duration.ofMinutes(5), Duration.ofMinutes(1));

    public enum Verdict {
        FRESH,
        TOO_OLD,
        TOO_FAR_IN_FUTURE
    }

    public FreshnessWindow {
        if (maxAge == null || maxAge.isNegative() || maxFutureSkew == null || maxFutureSkew.isNegative()) {
            throw new IllegalArgumentException("maxAge and maxFutureSkew must be non-negative durations");
        }
    }

    public Verdict check(UuidV7 requestId, Clock clock) {
        long now = clock.millis();
        long issued = requestId.unixMillis();
        if (issued < now - maxAge.toMillis()) {
            return Verdict.TOO_OLD;
        }
        if (issued > now + maxFutureSkew.toMillis()) {
            return Verdict.TOO_FAR_IN_FUTURE;
        }
        return Verdict.FRESH;
    }

    public boolean isFresh(UuidV7 requestId, Clock clock) {
        return check(requestId, clock) == Verdict.FRESH;
    }
}
