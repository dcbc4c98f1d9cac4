package com.partnerplatform.ycmt.signatures.device;

import com.partnerplatform.ycmt.signatures.ClaimsException;
import com.partnerplatform.ycmt.signatures.ErrorCode;
import java.time.Clock;
import java.time.Instant;

/** Device spec s.16 and s.23: "reject expired challenges", checked before and after signing. */
final class ChallengeWindow {

    private ChallengeWindow() {
    }

    static void requireOpen(Clock clock, Instant expiresAt, String claim) {
        if (expiresAt == null) {
            throw new ClaimsException(ErrorCode.DEVICE_INVALID, claim, "challenge expiry time is required");
        }
        if (!clock.instant().isBefore(expiresAt)) {
            throw new ClaimsException(ErrorCode.DEVICE_CHALLENGE_EXPIRED, claim,
                    "challenge has expired; fetch the latest challenge and rebuild");
        }
    }
}
