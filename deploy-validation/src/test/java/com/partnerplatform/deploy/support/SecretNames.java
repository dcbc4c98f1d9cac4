package com.partnerplatform.deploy.support;

import java.util.regex.Pattern;

/** Which configuration names carry a secret value (and which only point at one). */
public final class SecretNames {

    private static final Pattern SECRETISH =
            Pattern.compile("(?i).*(password|passwd|secret|token|api[_-]?keys?|private[_-]?key|credential).*");
    /** Names that hold a location or an identity, not the secret itself. */
    private static final Pattern POINTER =
            Pattern.compile("(?i).*(_PATH|_FILE|_URL|_URI|_LOCATIONS?|_ROLE|_TTL|_ISSUER)$");

    private SecretNames() {
    }

    public static boolean isSecret(String name) {
        return SECRETISH.matcher(name).matches() && !POINTER.matcher(name).matches();
    }
}
