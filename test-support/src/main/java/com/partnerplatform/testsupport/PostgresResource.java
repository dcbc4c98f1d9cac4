package com.partnerplatform.testsupport;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Points a Quarkus test's default datasource (JDBC for Flyway, reactive for Panache) at real PostgreSQL. */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return PostgresServer.sharedSettings().quarkusDatasource();
    }

    @Override
    public void stop() {
        // shared by every test class of the JVM; stopped by the JVM's shutdown hook
    }
}
