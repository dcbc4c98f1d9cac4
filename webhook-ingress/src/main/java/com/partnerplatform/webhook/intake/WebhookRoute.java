package com.partnerplatform.webhook.intake;

import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.partnerplatform.events.serde.Json;
import com.partnerplatform.runtime.correlation.CorrelationId;
import com.partnerplatform.runtime.problem.Problem;
import com.partnerplatform.webhook.verification.WebhookHeaders;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * {@code POST} of a YCMT webhook. A plain Vert.x route, so that the body reaches the verifier as
 * the exact bytes received (no JAX-RS reader, no JSON binding) and the path is configuration.
 * Content type is checked before the body is read, size while it is read; everything else is
 * {@link WebhookIntake}'s.
 */
@ApplicationScoped
public class WebhookRoute {

    private static final Logger LOG = Logger.getLogger(WebhookRoute.class);
    private static final String JSON = "application/json";

    private final WebhookIntake intake;
    private final IntakeConfig config;

    public WebhookRoute(WebhookIntake intake, IntakeConfig config) {
        this.intake = intake;
        this.config = config;
    }

    void register(@Observes Router router) {
        // two routes: Vert.x runs body handlers first on a route, and the type check must come before the body is read
        router.post(config.path()).handler(this::requireJson);
        router.post(config.path())
                .handler(BodyHandler.create(false).setBodyLimit(config.maxBodySize().asLongValue()))
                .handler(this::receive)
                .failureHandler(this::failed);
    }

    private void requireJson(RoutingContext ctx) {
        String correlationId = CorrelationId.acceptOrGenerate(ctx.request().getHeader(CorrelationId.HEADER));
        CorrelationId.bind(correlationId);
        ctx.put(CorrelationId.MDC_KEY, correlationId);
        ctx.response().putHeader(CorrelationId.HEADER, correlationId);
        if (!isJson(ctx.request().getHeader("Content-Type"))) {
            problem(ctx.response(), 415, "Unsupported Media Type", "request.unsupportedMediaType",
                    "the body must be application/json (UTF-8)", Map.of());
            return;
        }
        ctx.next();
    }

    private void receive(RoutingContext ctx) {
        byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        WebhookHeaders headers = WebhookHeaders.of(ctx.request().headers());
        String correlationId = ctx.get(CorrelationId.MDC_KEY);
        Context context = Vertx.currentContext();
        intake.receive(headers, body, correlationId).whenComplete((result, failure) -> {
            // broker and database completions arrive on their own threads; answer from the request's context
            if (Vertx.currentContext() == context) {
                respond(ctx, result, failure);
            } else {
                context.runOnContext(ignored -> respond(ctx, result, failure));
            }
        });
    }

    private void respond(RoutingContext ctx, IntakeResult result, Throwable failure) {
        if (failure != null) {
            ctx.fail(failure);
        } else {
            answer(ctx, result);
        }
    }

    private void answer(RoutingContext ctx, IntakeResult result) {
        HttpServerResponse response = ctx.response();
        if (result.successful()) {
            response.setStatusCode(result.status()).putHeader("Content-Type", JSON)
                    .end("{\"id\":\"" + jsonString(result.deliveryId()) + "\",\"outcome\":\"" + result.outcome().tag() + "\"}");
            return;
        }
        Map<String, String> headers = result.outcome() == IntakeResult.Outcome.UNAVAILABLE
                ? Map.of("Retry-After", String.valueOf(Math.max(1, config.retryAfter().toSeconds())))
                : Map.of();
        problem(response, result.status(), title(result.status()), result.code(), result.detail(), headers);
    }

    /** A verified delivery id is visible ASCII: only the quote and the backslash need escaping in a JSON string. */
    static String jsonString(String visibleAscii) {
        if (visibleAscii.indexOf('"') < 0 && visibleAscii.indexOf('\\') < 0) {
            return visibleAscii;
        }
        return visibleAscii.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private void failed(RoutingContext ctx) {
        if (ctx.response().ended()) {
            return;
        }
        if (ctx.statusCode() == 413) {
            problem(ctx.response(), 413, "Content Too Large", "request.tooLarge",
                    "the body exceeds " + config.maxBodySize().asLongValue() + " bytes", Map.of());
            return;
        }
        LOG.errorf(ctx.failure(), "unexpected failure receiving a webhook (status %d)", ctx.statusCode());
        problem(ctx.response(), 500, "Internal Server Error", "internal.error",
                "an unexpected error occurred; quote the correlation id to support", Map.of());
    }

    private void problem(HttpServerResponse response, int status, String title, String code, String detail,
            Map<String, String> headers) {
        Problem problem = new Problem(Problem.TYPE_PREFIX + code, title, status, detail, config.path(), code,
                response.headers().get(CorrelationId.HEADER), null);
        response.setStatusCode(status).putHeader("Content-Type", Problem.MEDIA_TYPE);
        headers.forEach(response::putHeader);
        response.end(Buffer.buffer(json(problem)));
    }

    /** {@code application/json}, optionally with {@code charset=utf-8}; nothing else is a YCMT event. */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String[] parts = contentType.split(";");
        if (!JSON.equals(parts[0].trim().toLowerCase(Locale.ROOT))) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String[] parameter = parts[i].split("=", 2);
            String name = parameter[0].trim().toLowerCase(Locale.ROOT);
            String value = parameter.length == 2 ? parameter[1].trim().replace("\"", "").toLowerCase(Locale.ROOT) : "";
            if (name.equals("charset") && !value.equals("utf-8")) {
                return false;
            }
        }
        return true;
    }

    private static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 409 -> "Conflict";
            case 503 -> "Service Unavailable";
            default -> "Error";
        };
    }

    private static byte[] json(Object value) {
        try {
            return Json.MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write a response body", e);
        }
    }
}
