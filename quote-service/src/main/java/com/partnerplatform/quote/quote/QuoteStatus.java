package com.partnerplatform.quote.quote;

/** Where a quote is in its life; every transition is kept in quote_status_history. */
public enum QuoteStatus {
    /** Number allocated, canonical payload stored, signature requested. */
    PENDING,
    /** Signed, verified locally, served; acceptable until exp. */
    SIGNED,
    /** The signer refused it with a spec error code; never served. */
    REJECTED,
    /** No verified signature (signer unavailable or its JWS failed local verification); never served. */
    FAILED,
    /** Past exp: shown as EXPIRED, never re-signed. */
    EXPIRED
}
