package com.partnerplatform.ygg.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Everything under {@code ygg.}; documented in README.md ("Configuration"). */
@ConfigMapping(prefix = "ygg")
public interface GatewayConfig {

    /** X-API-KEY values accepted (comma-separated; several during a rotation). Never logged. */
    Optional<List<String>> apiKeys();

    /** SHARED_SECRET_KEY values: the first signs responses, all verify requests. Never logged. */
    Optional<List<String>> sharedSecrets();

    /** Shortest shared secret accepted at start (characters): a short one refuses to start. */
    @WithDefault("32")
    int minSecretLength();

    /** Shortest API key accepted at start (characters). */
    @WithDefault("16")
    int minApiKeyLength();

    Upstream upstream();

    Signature signature();

    RequestId requestId();

    Body body();

    RateLimit rateLimit();

    Nonce nonce();

    /** The routes YGG may call, by name; anything else answers 404 ERR-NOT-FOUND. */
    Map<String, Route> routes();

    interface Upstream {
        /** Base URL every route forwards to unless it names its own; the request path is appended. */
        String url();

        @WithDefault("2S")
        Duration connectTimeout();

        /** Whole-exchange deadline (connect, send, response fully read). */
        @WithDefault("10S")
        Duration timeout();

        /** Pooled HTTP/1.1 keep-alive connections per upstream host and event loop (Quarkus runs 2 per core). */
        @WithDefault("16")
        int maxConnections();

        /** Idle pooled connections are closed after this, before a typical upstream would drop them. */
        @WithDefault("30S")
        Duration keepAliveTimeout();

        /** Largest upstream response body read; a larger one is ERR-UPSTREAM-INVALID. */
        @WithDefault("256K")
        MemorySize maxResponseSize();
    }

    interface Signature {
        /** Whether the signed path carries {@code "?" + raw query}; when false the query is not forwarded. */
        @WithDefault("false")
        boolean includeQuery();

        /** {@code stringified-empty-string} (signs the two characters {@code ""}) or {@code empty}. */
        @WithDefault("stringified-empty-string")
        String getBody();
    }

    interface RequestId {
        /** How old the UUIDv7 timestamp may be. */
        @WithDefault("5M")
        Duration maxAge();

        /** How far ahead of our clock the UUIDv7 timestamp may be (clock skew). */
        @WithDefault("1M")
        Duration maxFutureSkew();
    }

    interface Body {
        /** Largest request body (bytes); larger is 400 ERR-BODY-TOO-LARGE. */
        @WithDefault("64K")
        MemorySize maxSize();

        /** Deepest nesting of arrays and objects accepted. */
        @WithDefault("64")
        int maxDepth();

        /** Bodies up to this size are canonicalised on the event loop, larger ones on a worker thread. */
        @WithDefault("8K")
        MemorySize inlineCanonicalizationLimit();
    }

    interface RateLimit {
        @WithDefault("true")
        boolean enabled();

        /** Sustained requests per second per API key, per gateway instance. */
        @WithDefault("200")
        double requestsPerSecond();

        /** Bucket size: requests a key may send at once after being idle. */
        @WithDefault("400")
        int burst();
    }

    interface Nonce {
        /** Request ids remembered in process to answer repeats without a database round trip. */
        @WithDefault("100000")
        int cacheSize();

        /** Most request ids claimed in one INSERT (group commit: ids that arrive while statements run wait for the next). */
        @WithDefault("256")
        int maxBatchSize();

        /** Claim statements running at once through Quarkus' shared pool; more queue up and are batched. */
        @WithDefault("2")
        int maxStatementsInFlight();

        /**
         * Claim statements running at once per event loop when each loop has its own pool (and connections). One:
         * with two per loop the batches halve, and the extra commits cost PostgreSQL and the gateway more CPU than
         * the shorter queue saves (README, Performance).
         */
        @WithDefault("1")
        int maxStatementsInFlightPerLoop();

        /**
         * Each event loop claims through its own small pool (connections on that loop: no thread hop per claim);
         * false: every claim goes through Quarkus' shared pool.
         */
        @WithDefault("true")
        boolean poolPerEventLoop();

        /** Extra age beyond the freshness window before a stored id is purged (clock skew between instances). */
        @WithDefault("5M")
        Duration purgeMargin();

        /** How often expired ids are deleted (a scheduler expression such as {@code 1m}). */
        @WithDefault("1m")
        String purgeEvery();

        /** Delay before the first purge after start. */
        @WithDefault("30s")
        String purgeDelay();
    }

    interface Route {
        /** GET, POST, PUT, PATCH or DELETE. GET carries no body; the others a JSON body. */
        String method();

        /** Exact path, or a Vert.x path template with {@code :name} segments. */
        String path();

        /** Base URL for this route; defaults to {@code ygg.upstream.url}. */
        Optional<String> upstreamUrl();
    }
}
