package com.partnerplatform.ygg.upstream;

import java.net.URI;
import java.net.URISyntaxException;

/** A parsed base URL ({@code http(s)://host[:port][/prefix]}), parsed once at start rather than per request. */
public record UpstreamTarget(boolean ssl, String host, int port, String pathPrefix) {

    public static UpstreamTarget parse(String baseUrl) {
        URI uri;
        try {
            uri = new URI(baseUrl.strip());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("upstream URL is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme) || uri.getHost() == null) {
            throw new IllegalStateException("upstream URL must be http(s)://host[:port][/prefix]");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new IllegalStateException("upstream URL must not carry a query, fragment or user info");
        }
        boolean ssl = "https".equalsIgnoreCase(scheme);
        int port = uri.getPort() > 0 ? uri.getPort() : ssl ? 443 : 80;
        String prefix = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        return new UpstreamTarget(ssl, uri.getHost(), port, prefix);
    }

    /** Request URI for the upstream: the prefix, then the path (and query) as received. */
    public String uri(String pathAndQuery) {
        return pathPrefix + pathAndQuery;
    }
}
