package com.partnerplatform.testsupport;

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
}
