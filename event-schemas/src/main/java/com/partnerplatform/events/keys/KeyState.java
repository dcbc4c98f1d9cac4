package com.partnerplatform.events.keys;

/** Life of a signing key: published before it signs, kept after it stops signing, then tombstoned. */
public enum KeyState {
    /** In the JWKS, not yet signing: verifiers get it before the first quote that needs it. */
    PENDING,
    /** In the JWKS and signing. */
    ACTIVE,
    /** In the JWKS for the overlap window, no longer signing. */
    RETIRING
}
