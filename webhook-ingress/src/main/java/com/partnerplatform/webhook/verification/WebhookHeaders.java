package com.partnerplatform.webhook.verification;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The request headers with case-insensitive names (HTTP header names are case-insensitive and
 * senders differ: {@code Webhook-Id}, {@code webhook-id}, {@code WEBHOOK-ID} are one header).
 * Names are kept lower-cased; repeated headers keep every value in arrival order.
 */
public final class WebhookHeaders {

    private final Map<String, List<String>> values;

    private WebhookHeaders(Map<String, List<String>> values) {
        this.values = values;
    }

    public static WebhookHeaders of(Iterable<Map.Entry<String, String>> entries) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : entries) {
            values.computeIfAbsent(entry.getKey().toLowerCase(Locale.ROOT), name -> new ArrayList<>(1))
                    .add(entry.getValue());
        }
        return new WebhookHeaders(values);
    }

    public static WebhookHeaders of(Map<String, String> headers) {
        return of(headers.entrySet());
    }

    /** Every value of the header {@code name} (any case), empty when absent. */
    public List<String> all(String name) {
        List<String> found = values.get(name.toLowerCase(Locale.ROOT));
        return found == null ? List.of() : Collections.unmodifiableList(found);
    }

    /** All headers, lower-cased names, in arrival order. */
    public Map<String, List<String>> asMap() {
        return Collections.unmodifiableMap(values);
    }
}
