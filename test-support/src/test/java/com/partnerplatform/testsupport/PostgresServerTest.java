package com.partnerplatform.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

class PostgresServerTest {

    @Test
    void theSharedServerIsARealPostgresql() throws Exception {
        try (Connection connection = PostgresServer.open(PostgresServer.sharedSettings());
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("select current_setting('server_version_num')::int")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getInt(1)).isGreaterThanOrEqualTo(140000);
        }
    }

    @Test
    void aDedicatedServerKeepsItsDataAcrossAStopAndStart() throws Exception {
        Path data = Files.createTempDirectory("pg-restart-");
        try (PostgresServer server = PostgresServer.dedicated(data)) {
            try (Connection c = PostgresServer.open(server.settings()); Statement s = c.createStatement()) {
                s.execute("create table kept(v text)");
                s.execute("insert into kept values ('survives')");
            }
            server.stop();
            server.start();
            try (Connection c = PostgresServer.open(server.settings()); Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("select v from kept")) {
                assertThat(r.next()).isTrue();
                assertThat(r.getString(1)).isEqualTo("survives");
            }
        }
    }
}
