package com.partnerplatform.quote.pricing;

import java.util.Currency;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/** ISO 4217 minor units, the scale every amount of a currency is held and signed at. */
public final class Currencies {

    private static final Pattern CODE = Pattern.compile("[A-Z]{3}");

    private Currencies() {
    }

    /**
     * The number of minor-unit digits of {@code code} (2 for EUR, 0 for XOF), or empty when the code
     * is not an ISO 4217 currency with defined minor units (XXX, XAU and the like have none).
     */
    public static OptionalInt minorUnits(String code) {
        if (code == null || !CODE.matcher(code).matches()) {
            return OptionalInt.empty();
        }
        try {
            int digits = Currency.getInstance(code).getDefaultFractionDigits();
            return digits < 0 ? OptionalInt.empty() : OptionalInt.of(digits);
        } catch (IllegalArgumentException e) {
            return OptionalInt.empty();
        }
    }

    /** {@link #minorUnits} for a code already known to be valid (configuration checked at start). */
    public static int scale(String code) {
        return minorUnits(code).orElseThrow(() -> new IllegalArgumentException("not an ISO 4217 currency with minor units: " + code));
    }
}
