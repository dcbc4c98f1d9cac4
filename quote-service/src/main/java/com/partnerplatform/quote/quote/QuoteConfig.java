package com.partnerplatform.quote.quote;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code quote.*}: identity, lifetime, signing, JWKS caching, expiry and authentication of quotes. */
@ConfigMapping(prefix = "quote")
public interface QuoteConfig {

    /** partner_id issued during onboarding. */
    String partnerId();

    /** Prefix of quote_id, e.g. QT-PARTNER gives QT-PARTNER-2026-05-11-0000000123. */
    String idPrefix();

    /** exp - iat of every quote. */
    @WithDefault("PT15M")
    Duration lifetime();

    Signing signing();

    Jwks jwks();

    Expiry expiry();

    Auth auth();

    Admin admin();

    Kafka kafka();

    interface Kafka {
        /** Create missing topics at start (compacted where they must be); off where the platform owns topics. */
        @WithDefault("true")
        boolean ensureTopics();

        /** Partitions of a topic this service creates. */
        @WithDefault("3")
        int partitions();
    }

    interface Signing {
        /** How long a request waits for the signer before answering 503 (also the Kafka reply timeout). */
        @WithDefault("PT3S")
        Duration timeout();

        /** How long a reply may wait for its kid to arrive on signer.public-keys before it is refused. */
        @WithDefault("PT2S")
        Duration keyWait();

        /**
         * Added to timeout + key-wait: a PENDING attempt older than that is an orphan (its requester
         * gave up or died) and a retry with the same key and request marks it FAILED and proceeds.
         */
        @WithDefault("PT2S")
        Duration orphanMargin();

        /** Retry-After of a 503 signer.unavailable, in seconds. */
        @WithDefault("2")
        int retryAfterSeconds();
    }

    interface Jwks {
        /** Cache-Control max-age of GET /.well-known/jwks.json. */
        @WithDefault("PT5M")
        Duration maxAge();
    }

    interface Expiry {
        /** How often SIGNED quotes past exp are marked EXPIRED. */
        @WithDefault("PT10S")
        Duration interval();

        /** A quote still PENDING after this long (a crash mid-signing) is marked FAILED. */
        @WithDefault("PT1M")
        Duration pendingTimeout();

        /** How often sequence gaps are recounted and exported. */
        @WithDefault("PT30S")
        Duration gapInterval();
    }

    interface Auth {
        /** The token claim that must equal the request's subscriptionId. */
        @WithDefault("subscription_id")
        String subscriptionClaim();

        TokenCache tokenCache();
    }

    interface TokenCache {
        /** Longest a verified bearer token is reused without verifying it again (never past its exp). */
        @WithDefault("PT1M")
        Duration maxAge();

        /** Most verified tokens remembered at once; 0 verifies every request. */
        @WithDefault("1024")
        int maxEntries();
    }

    interface Admin {
        /** Operator bearer token for /admin/*; unset (or shorter than 16 characters) closes the admin API. */
        Optional<String> token();
    }
}
