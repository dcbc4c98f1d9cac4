package com.partnerplatform.signer.custody.dev;

import java.util.Collection;

/** The dev custody keeps private keys in the heap of one process; production must never run on it. */
public final class DevCustodyGuard {

    private DevCustodyGuard() {
    }

    /**
     * @param activeProfiles the Quarkus profiles this process runs with
     * @throws IllegalStateException when one of them is {@code prod}
     */
    public static void requireNotProduction(Collection<String> activeProfiles) {
        if (activeProfiles.stream().anyMatch(p -> p.trim().equalsIgnoreCase("prod"))) {
            throw new IllegalStateException("signer.custody=dev keeps signing keys in process memory and is refused "
                    + "in the prod profile; use vault-transit or pkcs11");
        }
    }
}
