package com.partnerplatform.testsupport;

import java.util.Map;

/** JDBC URL and credentials of a PostgreSQL server; {@link #reactiveUrl()} gives the Vert.x client's form. */
public record DatabaseSettings(String jdbcUrl, String user, String password) {

    static DatabaseSettings local(int port) {
        return new DatabaseSettings("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "postgres");
    }

    public String reactiveUrl() {
        String url = jdbcUrl.substring("jdbc:".length());
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    /** A Quarkus default datasource on this server: JDBC for Flyway, reactive for Panache. */
    public Map<String, String> quarkusDatasource() {
        return Map.of(
                "quarkus.datasource.db-kind", "postgresql",
                "quarkus.datasource.username", user,
                "quarkus.datasource.password", password,
                "quarkus.datasource.jdbc.url", jdbcUrl,
                "quarkus.datasource.reactive.url", reactiveUrl());
    }
}
