package com.partnerplatform.runtime.redaction;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secrets in free text: bearer tokens and Authorization values, JWS/JWT compact
 * serialisations, PEM private keys, webhook secrets ({@code whsec_}, {@code whsk_}), API keys,
 * HMAC signatures and values of secret-named fields ({@code password=}, {@code "secret":}, JWK
 * private members ...). It errs on the side of masking: a log line that loses a harmless hex
 * digest is better than one that keeps a signature.
 */
public final class SecretRedactor {

    public static final String MASK = "[REDACTED]";

    private static final List<Pattern> WHOLE_MATCHES = List.of(
            Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----.*?(-----END [A-Z ]*PRIVATE KEY-----|$)", Pattern.DOTALL),
            Pattern.compile("\\beyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*"),
            Pattern.compile("\\bwh(?:sec|sk|pk)_[A-Za-z0-9+/=]+"),
            Pattern.compile("\\bv1a?,[A-Za-z0-9+/=]{20,}"),
            Pattern.compile("\\bvault:v\\d+:[A-Za-z0-9+/=]+"),
            Pattern.compile("\\bhvs\\.[A-Za-z0-9_-]{10,}"),
            Pattern.compile("(?<![0-9A-Fa-f])[0-9A-Fa-f]{64}(?![0-9A-Fa-f])"));

    /** {@code name<separator>value}: the value after a secret-sounding name is masked, the name kept. */
    private static final Pattern NAMED_VALUE = Pattern.compile(
            "(?i)(\"?(?:authorization|proxy-authorization|x-api-key|x-api-signature|webhook-signature|api[-_]?key"
                    + "|secret|shared[-_]?secret|client[-_]?secret|password|passwd|token|access[-_]?token"
                    + "|refresh[-_]?token|private[-_]?key|signature|cookie|set-cookie|vault[-_]?token)\"?"
                    + "\\s*[:=]\\s*\"?)(bearer\\s+|basic\\s+)?([^\\s\",;}&]+)");

    /** JWK private members: {@code "d":"..."} and friends. */
    private static final Pattern JWK_PRIVATE = Pattern.compile("(\"(?:d|p|q|dp|dq|qi|k)\"\\s*:\\s*\")([^\"]+)(\")");

    private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer\\s+)([A-Za-z0-9._~+/=-]+)");

    private SecretRedactor() {
    }

    /** {@code text} with every secret masked; null stays null. */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = text;
        for (Pattern pattern : WHOLE_MATCHES) {
            result = pattern.matcher(result).replaceAll(MASK);
        }
        result = NAMED_VALUE.matcher(result).replaceAll(match -> Matcher.quoteReplacement(
                match.group(1) + (match.group(2) == null ? "" : match.group(2)) + MASK));
        result = JWK_PRIVATE.matcher(result).replaceAll(match -> Matcher.quoteReplacement(match.group(1) + MASK + match.group(3)));
        result = BEARER.matcher(result).replaceAll(match -> Matcher.quoteReplacement(match.group(1) + MASK));
        return result;
    }
}
