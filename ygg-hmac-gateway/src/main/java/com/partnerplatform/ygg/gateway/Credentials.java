package com.partnerplatform.ygg.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.partnerplatform.ygg.hmac.ApiKeys;
import com.partnerplatform.ygg.hmac.YggHmac;

/**
 * The API keys and shared secrets, checked once at start: none missing, none blank, none shorter than the
 * configured minimum. A violation stops the application; messages say which entry (by position) is wrong,
 * never its value.
 */
public record Credentials(ApiKeys apiKeys, YggHmac hmac) {

    public static Credentials from(Optional<List<String>> apiKeys, Optional<List<String>> sharedSecrets,
            int minApiKeyLength, int minSecretLength) {
        List<String> keys = clean(apiKeys, "ygg.api-keys (YGG_API_KEYS)", "API key", minApiKeyLength);
        List<String> secrets = clean(sharedSecrets, "ygg.shared-secrets (YGG_SHARED_SECRETS)", "shared secret",
                minSecretLength);
        return new Credentials(new ApiKeys(keys), new YggHmac(secrets));
    }

    public static Credentials from(GatewayConfig config) {
        return from(config.apiKeys(), config.sharedSecrets(), config.minApiKeyLength(), config.minSecretLength());
    }

    private static List<String> clean(Optional<List<String>> configured, String property, String what, int minLength) {
        List<String> values = new ArrayList<>();
        for (String value : configured.orElse(List.of())) {
            if (value != null && !value.isBlank()) {
                values.add(value.strip());
            }
        }
        if (values.isEmpty()) {
            throw new IllegalStateException(property + " is not set: the gateway cannot authenticate without it");
        }
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i).length() < minLength) {
                throw new IllegalStateException(property + ": " + what + " #" + (i + 1) + " is shorter than "
                        + minLength + " characters");
            }
        }
        return values;
    }

    @Override
    public String toString() {
        return "Credentials[apiKeys=" + apiKeys.size() + ", secrets=" + hmac.secretCount() + "]";
    }
}
