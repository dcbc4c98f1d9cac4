package com.partnerplatform.webhook.quarantine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.partnerplatform.runtime.redaction.SecretRedactor;

/**
 * The headers of a refused delivery as they may be escalated: without signatures, credentials,
 * cookies or anything whose name sounds secret, values passed through the shared redactor and
 * bounded in number and length (a refused request is attacker-controlled input).
 */
public final class HeaderScrubber {

    private static final Pattern SECRET_NAME = Pattern.compile(
            ".*(signature|authorization|cookie|secret|token|key|password|passwd|session|credential|auth).*");
    static final int MAX_HEADERS = 64;
    static final int MAX_VALUE_LENGTH = 256;

    private HeaderScrubber() {
    }

    /** @param headers lower-cased names with their values */
    public static Map<String, String> scrub(Map<String, List<String>> headers) {
        Map<String, String> kept = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (kept.size() == MAX_HEADERS) {
                break;
            }
            String name = header.getKey();
            if (SECRET_NAME.matcher(name).matches() || name.length() > MAX_VALUE_LENGTH) {
                continue;
            }
            String value = String.join(", ", header.getValue());
            if (value.length() > MAX_VALUE_LENGTH) {
                value = value.substring(0, MAX_VALUE_LENGTH) + "...";
            }
            kept.put(name, SecretRedactor.redact(value));
        }
        return kept;
    }
}
