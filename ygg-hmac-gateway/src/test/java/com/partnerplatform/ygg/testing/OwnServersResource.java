package com.partnerplatform.ygg.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Servers of one test profile's own, in place of the shared ones: started after the shared resources, so that
 * the settings it returns are the ones that count.
 */
public interface OwnServersResource extends QuarkusTestResourceLifecycleManager {

    @Override
    default int order() {
        return Integer.MAX_VALUE;
    }
}
