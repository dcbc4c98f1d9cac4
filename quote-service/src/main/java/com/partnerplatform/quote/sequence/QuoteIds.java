package com.partnerplatform.quote.sequence;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.partnerplatform.quote.quote.QuoteConfig;

/**
 * quote_id as in the quote spec's example, {@code QT-PARTNER-2026-05-11-0000000123}: a configured
 * prefix, the UTC issue date and the partner_quote_seq zero-padded to 10 digits. The sequence makes
 * it unique; the date makes it readable in support tickets.
 */
@ApplicationScoped
public class QuoteIds {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd").withZone(ZoneOffset.UTC);
    private static final Pattern PREFIX = Pattern.compile("[A-Z0-9][A-Z0-9-]{0,63}");
    /** Anything a quote id can look like; checked before touching the database. */
    public static final Pattern FORMAT = Pattern.compile("[A-Z0-9][A-Z0-9-]{0,63}-\\d{4}-\\d{2}-\\d{2}-\\d{10,19}");

    private final String prefix;

    @Inject
    public QuoteIds(QuoteConfig config) {
        this(config.idPrefix());
    }

    public QuoteIds(String prefix) {
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("quote.id-prefix must be 1 to 64 of A-Z, 0-9 and '-'");
        }
        this.prefix = prefix;
    }

    public String quoteId(long partnerQuoteSeq, Instant issuedAt) {
        if (partnerQuoteSeq < 0) {
            throw new IllegalArgumentException("partner_quote_seq is never negative");
        }
        // zero-padded to 10 digits by hand: String.format was a visible share of a quote's CPU
        String digits = Long.toString(partnerQuoteSeq);
        StringBuilder id = new StringBuilder(prefix.length() + 12 + Math.max(10, digits.length()))
                .append(prefix).append('-');
        DATE.formatTo(issuedAt, id);
        id.append('-');
        for (int pad = 10 - digits.length(); pad > 0; pad--) {
            id.append('0');
        }
        return id.append(digits).toString();
    }

    public String jti(Instant issuedAt) {
        return Ulid.next(issuedAt);
    }
}
