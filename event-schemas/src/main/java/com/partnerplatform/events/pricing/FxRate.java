package com.partnerplatform.events.pricing;

import java.time.Instant;

/** The latest rate of a currency pair ({@code base/quote}, e.g. EUR/MAD); {@code rate} is a decimal string. */
public record FxRate(String pair, String rate, String source, Instant asOf) {

    public static final String SCHEMA = "fx-rate/v1";
}
