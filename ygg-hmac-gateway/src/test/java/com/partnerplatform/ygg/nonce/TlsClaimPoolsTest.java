package com.partnerplatform.ygg.nonce;

import static com.partnerplatform.ygg.testing.Gateway.DEDUCT;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.partnerplatform.testsupport.PostgresServer;
import com.partnerplatform.ygg.client.YggClient;
import com.partnerplatform.ygg.testing.Gateway;
import com.partnerplatform.ygg.testing.TlsPostgresResource;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * With the datasource secured as in the Kubernetes deployment (verify-full TLS, PEM trust), request ids are still
 * claimed through the per-event-loop pools, and those connections are encrypted like Quarkus' own.
 */
@QuarkusTest
@TestProfile(TlsClaimPoolsTest.TlsDatabase.class)
class TlsClaimPoolsTest {

    private static final String BODY = "{\"address\":\"0x7150\",\"points\":3}";

    public static class TlsDatabase implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(TlsPostgresResource.class));
        }
    }

    /** A gateway connection as PostgreSQL sees it. */
    record Backend(String applicationName, boolean encrypted) {
    }

    @TestHTTPResource("/")
    URL base;

    @Inject
    NonceStore nonceStore;

    @Test
    void requestIdsAreClaimedOverEncryptedConnectionsOfTheEventLoopsOwnPools() throws Exception {
        Gateway gateway = new Gateway(base);
        YggClient.SignedRequest request = Gateway.ygg().sign("POST", DEDUCT, BODY);

        Gateway.Reply first = gateway.send(request);
        nonceStore.forgetCached();
        Gateway.Reply replay = gateway.send(request);

        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(replay.errorCode()).as("the id was burnt in the table").isEqualTo("ERR-DUPLICATE-REQUEST");
        assertThat(nonceStore.claimsOnEventLoopPools()).as("claims use the per-event-loop pools").isTrue();
        List<Backend> backends = gatewayBackends();
        assertThat(backends).extracting(Backend::applicationName).contains(ClaimPoolOptions.APPLICATION_NAME);
        assertThat(backends).as("every connection of the gateway").allSatisfy(backend ->
                assertThat(backend.encrypted()).as(backend.toString()).isTrue());
    }

    /** Every client connection to the test's PostgreSQL but this query's own. */
    private static List<Backend> gatewayBackends() throws Exception {
        List<Backend> backends = new ArrayList<>();
        try (Connection connection = PostgresServer.open(TlsPostgresResource.settings());
                PreparedStatement query = connection.prepareStatement("SELECT a.application_name, s.ssl "
                        + "FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid) "
                        + "WHERE a.backend_type = 'client backend' AND a.pid <> pg_backend_pid()");
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                backends.add(new Backend(rows.getString(1), rows.getBoolean(2)));
            }
        }
        return backends;
    }
}
