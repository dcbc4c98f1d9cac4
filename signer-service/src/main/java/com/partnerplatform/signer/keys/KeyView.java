package com.partnerplatform.signer.keys;

import java.time.Instant;

import com.partnerplatform.events.keys.KeyState;

/** One published key as the admin API shows it: public facts only. */
public record KeyView(String kid, KeyState state, int bits, Instant activeFrom, Instant retireAfter,
        Instant publishedAt, boolean heldByCustody, boolean signing) {
}
