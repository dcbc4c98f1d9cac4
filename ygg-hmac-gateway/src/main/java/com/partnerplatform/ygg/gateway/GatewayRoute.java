package com.partnerplatform.ygg.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.partnerplatform.ygg.upstream.UpstreamTarget;

import io.vertx.core.http.HttpMethod;

/** One configured route, validated at start: what YGG calls and where it goes. */
public record GatewayRoute(String name, HttpMethod method, String path, UpstreamTarget upstream) {

    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

    /** GET requests carry no body: the configured GET body is signed and nothing is forwarded. */
    public boolean bodiless() {
        return method == HttpMethod.GET;
    }

    public static List<GatewayRoute> from(GatewayConfig config) {
        if (config.routes().isEmpty()) {
            throw new IllegalStateException("ygg.routes: at least one route is required");
        }
        UpstreamTarget defaultUpstream = UpstreamTarget.parse(config.upstream().url());
        List<GatewayRoute> routes = new ArrayList<>();
        for (Map.Entry<String, GatewayConfig.Route> entry : config.routes().entrySet()) {
            GatewayConfig.Route route = entry.getValue();
            String method = route.method().strip().toUpperCase(Locale.ROOT);
            if (!METHODS.contains(method)) {
                throw new IllegalStateException("ygg.routes." + entry.getKey() + ".method must be one of " + METHODS);
            }
            String path = route.path().strip();
            if (!path.startsWith("/") || path.contains("?") || path.contains("#")) {
                throw new IllegalStateException("ygg.routes." + entry.getKey() + ".path must be a path starting with /");
            }
            UpstreamTarget upstream = route.upstreamUrl().map(UpstreamTarget::parse).orElse(defaultUpstream);
            routes.add(new GatewayRoute(entry.getKey(), HttpMethod.valueOf(method), path, upstream));
        }
        return List.copyOf(routes);
    }
}
