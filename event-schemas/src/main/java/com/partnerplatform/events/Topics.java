package com.partnerplatform.events;

/**
 * Every Kafka topic of the platform. This is the only place a topic name is spelled: services
 * refer to these constants (and to the channel configuration that repeats them in
 * application.properties, checked against these by each service's tests).
 */
public final class Topics {

    /** Unsigned quote claims for the signer. Key: quoteId. */
    public static final String QUOTE_SIGNING_REQUESTS = "quote.signing.requests";
    /** SIGNED (compact JWS + kid) or REJECTED (spec error code). Key: quoteId. */
    public static final String QUOTE_SIGNING_REPLIES = "quote.signing.replies";
    /** Signing requests that could not be read at all. Key: as received. */
    public static final String QUOTE_SIGNING_DEAD_LETTER = "quote.signing.requests.dlq";
    /** Compacted: public JWK + state per kid; a tombstone retires a kid from the JWKS. Key: kid. */
    public static final String SIGNER_PUBLIC_KEYS = "signer.public-keys";
    /** Quote lifecycle for internal consumers. Key: quoteId. */
    public static final String QUOTE_EVENTS = "quote.events";
    /** One record per signing outcome; never personal data or key material. Key: quoteId. */
    public static final String SIGNER_AUDIT = "signer.audit";
    /** Compacted: the latest FX rate per currency pair. Key: pair, e.g. EUR/MAD. */
    public static final String PRICING_FX_RATES = "pricing.fx-rates";
    /** Accepted YCMT webhooks as CloudEvents. Key: resource id (transfer id, else event id). */
    public static final String YCMT_WEBHOOK_EVENTS = "ycmt.webhook.events";
    /** Unverifiable webhook deliveries, without secrets or body. Key: delivery id. */
    public static final String YCMT_WEBHOOK_QUARANTINE = "ycmt.webhook.quarantine";
    /** Every authenticated or rejected YGG Redeem call. Key: X-API-REQUEST. */
    public static final String YGG_REDEEM_AUDIT = "ygg.redeem.audit";

    private Topics() {
    }
}
