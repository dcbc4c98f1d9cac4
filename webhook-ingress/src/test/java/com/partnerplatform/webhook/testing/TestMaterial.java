package com.partnerplatform.webhook.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;

import org.eclipse.microprofile.config.ConfigProvider;

import com.partnerplatform.testsupport.PostgresServer;

/** Verification material of the %test profile, and the delivery table as a test sees it. */
public final class TestMaterial {

    /** Seed of the ed25519 key whose public half is %test.webhook.verification.public-keys; signs test deliveries only. */
    public static final byte[] V1A_SEED = Base64.getDecoder().decode("I83KQoLj5JUAeeGfXQdaZ1UBwjfS2PS7PQUN+5KF8yw=");
    /** A well-formed secret the service does not know. */
    public static final String FOREIGN_SECRET = "whsec_c29tZWJvZHktZWxzZXMtc2VjcmV0LWtleS0xMjM=";

    private TestMaterial() {
    }

    /** The secrets the running service accepts (old and new of a rotation). */
    public static List<String> secrets() {
        return ConfigProvider.getConfig().getValues("webhook.verification.secrets", String.class);
    }

    /** The row of {@code deliveryId} as "STATE/attempts", or null. */
    public static String deliveryRow(String deliveryId) {
        try (Connection connection = PostgresServer.open(PostgresServer.sharedSettings());
                PreparedStatement query = connection.prepareStatement(
                        "select state, attempts from webhook.delivery where delivery_id = ?")) {
            query.setString(1, deliveryId);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getString(1) + "/" + row.getInt(2) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
