package com.partnerplatform.ygg.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Points {@code ygg.upstream.url} at the {@link RecordingUpstream} of this test JVM. */
public class RecordingUpstreamResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("ygg.upstream.url", RecordingUpstream.shared().baseUrl());
    }

    @Override
    public void stop() {
        // shared by every Quarkus application of the test JVM; it dies with the JVM
    }
}
