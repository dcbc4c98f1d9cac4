package com.partnerplatform.webhook.faults;

import java.util.List;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The service wired to {@link RestartableInfrastructure}: one extra Quarkus start for every fault test. */
public class FaultInjectionProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(RestartableInfrastructure.class));
    }
}
