package com.partnerplatform.events.keys;

import java.time.Instant;
import java.util.Map;

/**
 * A public signing key and its state, keyed by kid on the compacted {@code signer.public-keys}
 * topic. {@code jwk} holds public members only (kty, kid, use, alg, n, e). {@code activeFrom} is
 * when a PENDING key starts signing; {@code retireAfter} when a RETIRING key leaves the JWKS.
 */
public record PublicKeyEvent(String kid, Map<String, Object> jwk, KeyState state, Instant activeFrom,
        Instant retireAfter, Instant publishedAt) {

    public static final String SCHEMA = "public-key/v1";
}
