package com.partnerplatform.ygg.gateway;

import java.util.List;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.vertx.ext.web.Router;

/**
 * Puts the gateway on Quarkus' Vert.x router: one route per configured YGG route, and a last-resort route that
 * answers every other request with the YGG 404 body. Plain Vert.x routes rather than JAX-RS because the gateway
 * is a byte-level proxy: it must see headers before deciding to read the body, read the body as raw bytes under
 * its own limit, and answer with bytes it produced itself; a JAX-RS resource would add readers, writers and
 * a worker hop for nothing.
 */
@ApplicationScoped
public class GatewayRoutes {

    private static final Logger LOG = Logger.getLogger(GatewayRoutes.class);
    /**
     * Just before the JAX-RS route (RouteConstants.ROUTE_ORDER_AFTER_DEFAULT), which would otherwise answer
     * every unknown path with the platform's problem+json 404; the gateway has no JAX-RS resources.
     */
    static final int NOT_FOUND_ORDER = 20_000 - 1;

    private final GatewayHandler handler;
    private final List<GatewayRoute> routes;
    private final String nonApplicationRoot;

    public GatewayRoutes(GatewayHandler handler, GatewayConfig config,
            @ConfigProperty(name = "quarkus.http.non-application-root-path", defaultValue = "/q") String nonAppRoot) {
        this.handler = handler;
        this.routes = GatewayRoute.from(config);
        String root = nonAppRoot.startsWith("/") ? nonAppRoot : "/" + nonAppRoot;
        this.nonApplicationRoot = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    }

    void register(@Observes Router router) {
        for (GatewayRoute route : routes) {
            router.route(route.method(), route.path()).handler(ctx -> handler.handle(ctx, route));
            LOG.infof("YGG route %s: %s %s -> %s://%s:%d%s", route.name(), route.method().name(), route.path(),
                    route.upstream().ssl() ? "https" : "http", route.upstream().host(), route.upstream().port(),
                    route.upstream().pathPrefix());
        }
        // everything else, except Quarkus' own endpoints (health, metrics) under the non-application root
        router.routeWithRegex("^(?!" + Pattern.quote(nonApplicationRoot) + "(/|$)).*").order(NOT_FOUND_ORDER)
                .handler(handler::notFound);
    }
}
