package com.partnerplatform.quote.support;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;

import com.partnerplatform.testsupport.DatabaseSettings;
import com.partnerplatform.testsupport.PostgresServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The module's PostgreSQL: a real embedded server of its own (test-support's dedicated, restartable
 * server, same port and data after a restart) instead of the JVM-wide shared one, so that a test can
 * stop it under the running service and start it again ({@link #stop()}/{@link #start()}).
 */
public class RestartablePostgres implements QuarkusTestResourceLifecycleManager {

    private static PostgresServer server;

    @Override
    public synchronized Map<String, String> start() {
        return settings().quarkusDatasource();
    }

    @Override
    public void stop() {
        // kept for the whole test JVM (a restarted Quarkus app finds its schema); stopped at JVM exit
    }

    /** Settings of the module's server, starting it on first use. */
    public static synchronized DatabaseSettings settings() {
        if (server == null) {
            try {
                server = PostgresServer.dedicated(Files.createTempDirectory("quote-test-pg-"));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "quote-test-pg-stop"));
        }
        return server.settings();
    }

    /** A clean shutdown of the server under the running service. */
    public static synchronized void stopServer() {
        settings();
        server.stop();
    }

    /** Starts it again on the same port with the same data. */
    public static synchronized void startServer() {
        settings();
        server.start();
    }
}
