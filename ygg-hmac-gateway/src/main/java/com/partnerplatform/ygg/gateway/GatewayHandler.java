package com.partnerplatform.ygg.gateway;

import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.partnerplatform.events.ygg.YggAuditRecord;
import com.partnerplatform.runtime.correlation.CorrelationId;
import com.partnerplatform.ygg.audit.AuditTrail;
import com.partnerplatform.ygg.canonical.GetBodyMode;
import com.partnerplatform.ygg.canonical.JsJsonException;
import com.partnerplatform.ygg.canonical.JsJsonParser;
import com.partnerplatform.ygg.canonical.JsStableStringify;
import com.partnerplatform.ygg.canonical.Utf8;
import com.partnerplatform.ygg.hmac.FreshnessWindow;
import com.partnerplatform.ygg.hmac.InvalidRequestIdException;
import com.partnerplatform.ygg.hmac.UuidV7;
import com.partnerplatform.ygg.nonce.NonceStore;
import com.partnerplatform.ygg.upstream.UpstreamClient;
import com.partnerplatform.ygg.upstream.UpstreamException;
import com.partnerplatform.ygg.upstream.UpstreamResponse;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

/**
 * The YGG Redeem two-way HMAC, on the event loop, in this order (each step its own error):
 * route (404) → X-API-KEY (401, constant time) → per-key rate limit (429) → X-API-REQUEST and X-API-SIGNATURE
 * present (401) → strict UUIDv7 (400) → freshness (401) → body size (400) → JSON (400) → signature over
 * {@code method + path + requestId + stringify(body)} (401, constant time, every configured secret) → request
 * id burnt in PostgreSQL (401 if already used) → forward the canonical bytes → sign a 200 answer over the
 * canonical bytes sent back. A request id is only burnt after its signature verified, so nobody without the
 * secret can use up ids. Every request ends with one audit record.
 */
// @Startup: the credentials are checked when the service starts, so a bad secret stops the start, not the first request
@Startup
@ApplicationScoped
public class GatewayHandler {

    private static final Logger LOG = Logger.getLogger(GatewayHandler.class);
    static final String ACCEPTED = "ACCEPTED";
    /** Stands for a header sent more than once: fails every check a single value must pass. */
    private static final String REPEATED = "\u0000repeated";

    private final Credentials credentials;
    private final RateLimiter rateLimiter;
    private final FreshnessWindow freshness;
    private final Clock clock;
    private final JsJsonParser requestParser;
    private final JsJsonParser responseParser;
    private final GetBodyMode getBodyMode;
    private final boolean includeQuery;
    private final long maxBodyBytes;
    private final long inlineCanonicalizationBytes;
    private final NonceStore nonces;
    private final UpstreamClient upstream;
    private final AuditTrail audit;
    private final Vertx vertx;
    private final Map<YggError, Timer> rejectedTimers = new EnumMap<>(YggError.class);
    private final Timer acceptedTimer;
    /** The two waits of an accepted request, so the time the gateway adds can be split without a profiler. */
    private final Timer claimTimer;
    private final Timer upstreamTimer;

    public GatewayHandler(GatewayConfig config, Clock clock, NonceStore nonces, UpstreamClient upstream,
            AuditTrail audit, Vertx vertx, MeterRegistry registry) {
        this.credentials = Credentials.from(config);
        GatewayConfig.RateLimit limit = config.rateLimit();
        this.rateLimiter = new RateLimiter(credentials.apiKeys().size(), limit.enabled(), limit.requestsPerSecond(),
                limit.burst(), System::nanoTime);
        this.freshness = new FreshnessWindow(config.requestId().maxAge(), config.requestId().maxFutureSkew());
        this.clock = clock;
        this.maxBodyBytes = config.body().maxSize().asLongValue();
        if (maxBodyBytes < 2 || maxBodyBytes > Integer.MAX_VALUE) {
            throw new IllegalStateException("ygg.body.max-size must be between 2 bytes and 2 GiB");
        }
        this.requestParser = new JsJsonParser(new JsJsonParser.Limits((int) maxBodyBytes, config.body().maxDepth()));
        this.responseParser = new JsJsonParser(new JsJsonParser.Limits(
                (int) Math.min(Integer.MAX_VALUE, config.upstream().maxResponseSize().asLongValue()),
                config.body().maxDepth()));
        this.inlineCanonicalizationBytes = config.body().inlineCanonicalizationLimit().asLongValue();
        this.getBodyMode = GetBodyMode.fromConfig(config.signature().getBody());
        this.includeQuery = config.signature().includeQuery();
        this.nonces = nonces;
        this.upstream = upstream;
        this.audit = audit;
        this.vertx = vertx;
        this.acceptedTimer = timer(registry, ACCEPTED);
        this.claimTimer = Timer.builder("ygg.gateway.phase").tag("phase", "nonce-claim")
                .description("time an authenticated request waited for its request id to be burnt")
                .register(registry);
        this.upstreamTimer = Timer.builder("ygg.gateway.phase").tag("phase", "upstream")
                .description("time an accepted request waited for the upstream's whole answer")
                .register(registry);
        for (YggError error : YggError.values()) {
            rejectedTimers.put(error, timer(registry, error.code()));
        }
    }

    private static Timer timer(MeterRegistry registry, String outcome) {
        return Timer.builder("ygg.gateway.requests").tag("outcome", outcome)
                .description("YGG requests by outcome, with the time the gateway took to answer")
                .register(registry);
    }

    /** A request for a path no route serves (or a method the route does not take). */
    void notFound(RoutingContext ctx) {
        reject(begin(ctx), YggError.NOT_FOUND, null);
    }

    /** A request on a configured route. */
    void handle(RoutingContext ctx, GatewayRoute route) {
        Exchange ex = begin(ctx);
        try {
            authenticate(ex, route);
        } catch (RuntimeException e) {
            internalError(ex, e);
        }
    }

    private Exchange begin(RoutingContext ctx) {
        long start = System.nanoTime();
        String correlationId = CorrelationId.acceptOrGenerate(ctx.request().getHeader(CorrelationId.HEADER));
        CorrelationId.bind(correlationId);
        return new Exchange(ctx, start, correlationId);
    }

    // ---- inbound checks, in the order the errors are specified ----

    private void authenticate(Exchange ex, GatewayRoute route) {
        HttpServerRequest request = ex.request;
        if (!ex.path.equals(ex.ctx.normalizedPath())) {
            // matched only after decoding or dot-segment removal: the upstream could route it differently
            reject(ex, YggError.NOT_FOUND, null);
            return;
        }
        MultiMap headers = request.headers();
        int keyIndex = credentials.apiKeys().indexOf(single(headers, ForwardedHeaders.API_KEY));
        if (keyIndex < 0) {
            reject(ex, YggError.AUTH_FAILED, null);
            return;
        }
        if (!rateLimiter.tryAcquire(keyIndex)) {
            ex.request.response().putHeader("Retry-After", "1");
            reject(ex, YggError.RATE_LIMITED, null);
            return;
        }
        String requestIdText = single(headers, ForwardedHeaders.REQUEST_ID);
        String signature = single(headers, ForwardedHeaders.SIGNATURE);
        if (requestIdText == null || signature == null) {
            reject(ex, YggError.MISSING_HEADERS, null);
            return;
        }
        UuidV7 requestId;
        try {
            requestId = UuidV7.parse(requestIdText);
        } catch (InvalidRequestIdException e) {
            reject(ex, YggError.INVALID_REQUEST_ID, e.getMessage()); // the message never repeats the value
            return;
        }
        ex.requestId = requestId;
        if (freshness.check(requestId, clock) != FreshnessWindow.Verdict.FRESH) {
            reject(ex, YggError.STALE_REQUEST, null);
            return;
        }
        String query = request.query();
        ex.signedPath = includeQuery && query != null ? ex.path + "?" + query : ex.path;
        long declared = contentLength(request);
        if (declared > maxBodyBytes) {
            reject(ex, YggError.BODY_TOO_LARGE, tooLargeMessage());
            return;
        }
        readBody(ex, declared).onComplete(guarded(ex, read -> {
            if (read.failed()) {
                if (read.cause() instanceof BodyTooLarge) {
                    reject(ex, YggError.BODY_TOO_LARGE, tooLargeMessage());
                } else {
                    internalError(ex, read.cause());
                }
                return;
            }
            Buffer body = read.result();
            if (route.bodiless() && body.length() > 0) {
                reject(ex, YggError.MALFORMED_JSON, "A GET request carries no body");
                return;
            }
            Future<String> canonical = route.bodiless() ? Future.succeededFuture(getBodyMode.canonicalBody())
                    : canonicalize(requestParser, body.getBytes());
            canonical.onComplete(guarded(ex, done -> {
                if (done.failed()) {
                    if (done.cause() instanceof JsJsonException e) {
                        rejectBody(ex, e);
                    } else {
                        internalError(ex, done.cause());
                    }
                    return;
                }
                verify(ex, route, requestId, signature, done.result());
            }));
        }));
    }

    private void rejectBody(Exchange ex, JsJsonException e) {
        if (e.kind() == JsJsonException.Kind.TOO_LARGE) {
            reject(ex, YggError.BODY_TOO_LARGE, tooLargeMessage());
        } else {
            reject(ex, YggError.MALFORMED_JSON, e.getMessage()); // position and reason, never content
        }
    }

    private void verify(Exchange ex, GatewayRoute route, UuidV7 requestId, String signature, String canonical) {
        if (!credentials.hmac().verify(ex.method, ex.signedPath, requestId.text(), canonical, signature)) {
            reject(ex, YggError.INVALID_SIGNATURE, null);
            return;
        }
        long claimStart = System.nanoTime();
        nonces.claim(requestId).onComplete(guarded(ex, claim -> {
            claimTimer.record(System.nanoTime() - claimStart, TimeUnit.NANOSECONDS);
            if (claim.failed()) {
                LOG.warnf("request id store unavailable: %s", claim.cause().getClass().getSimpleName());
                reject(ex, YggError.NONCE_STORE_UNAVAILABLE, null);
            } else if (!claim.result()) {
                reject(ex, YggError.DUPLICATE_REQUEST, null);
            } else {
                forward(ex, route, canonical);
            }
        }));
    }

    // ---- forwarding and the signed answer ----

    private void forward(Exchange ex, GatewayRoute route, String canonical) {
        Buffer body = route.bodiless() ? null : Buffer.buffer(Utf8.encode(canonical));
        MultiMap headers = ForwardedHeaders.upstreamRequest(ex.request.headers(), ex.requestId.text(),
                ex.correlationId, body != null);
        // the signed path is also what is forwarded: an unsigned query never reaches the upstream
        long upstreamStart = System.nanoTime();
        upstream.exchange(route.upstream(), ex.request.method(), ex.signedPath, headers, body)
                .onComplete(guarded(ex, answer -> {
                    upstreamTimer.record(System.nanoTime() - upstreamStart, TimeUnit.NANOSECONDS);
                    if (answer.failed()) {
                        upstreamFailed(ex, answer.cause());
                    } else if (answer.result().status() == 200) {
                        signAndAnswer(ex, answer.result());
                    } else {
                        passBack(ex, answer.result());
                    }
                }));
    }

    private void upstreamFailed(Exchange ex, Throwable cause) {
        boolean invalid = cause instanceof UpstreamException e && e.kind() == UpstreamException.Kind.INVALID;
        LOG.warnf("upstream %s for %s %s: %s", invalid ? "answer unusable" : "unavailable", ex.method, ex.path,
                cause.getMessage());
        reject(ex, invalid ? YggError.UPSTREAM_INVALID : YggError.UPSTREAM_UNAVAILABLE, null);
    }

    private void signAndAnswer(Exchange ex, UpstreamResponse answer) {
        canonicalize(responseParser, answer.body().getBytes()).onComplete(guarded(ex, canonical -> {
            if (canonical.failed()) {
                LOG.warnf("upstream answered 200 with a body that is not JSON for %s %s", ex.method, ex.path);
                reject(ex, YggError.UPSTREAM_INVALID, null);
                return;
            }
            String signature = credentials.hmac().sign(ex.method, ex.signedPath, ex.requestId.text(),
                    canonical.result());
            HttpServerResponse response = ex.request.response();
            response.headers().addAll(ForwardedHeaders.downstream(answer.headers(), true));
            response.putHeader("Content-Type", ForwardedHeaders.JSON)
                    .putHeader(ForwardedHeaders.SIGNATURE, signature);
            send(ex, 200, Buffer.buffer(Utf8.encode(canonical.result())));
            finish(ex, 200, ACCEPTED, acceptedTimer);
        }));
    }

    /** Non-200 answers go back unsigned, their status folded into the YGG list. */
    private void passBack(Exchange ex, UpstreamResponse answer) {
        int status = downstreamStatus(answer.status());
        if (status < 0) {
            LOG.warnf("upstream answered %d (not in the YGG status list) for %s %s", answer.status(), ex.method,
                    ex.path);
            reject(ex, YggError.UPSTREAM_INVALID, null);
            return;
        }
        ex.request.response().headers().addAll(ForwardedHeaders.downstream(answer.headers(), false));
        send(ex, status, answer.body());
        finish(ex, status, ACCEPTED, acceptedTimer);
    }

    /** 400, 401, 404, 429, 500 as they are; other 4xx as 400, other 5xx as 500; -1 for 1xx-3xx (no meaning for YGG). */
    static int downstreamStatus(int upstreamStatus) {
        if (List.of(400, 401, 404, 429, 500).contains(upstreamStatus)) {
            return upstreamStatus;
        }
        if (upstreamStatus >= 400 && upstreamStatus < 500) {
            return 400;
        }
        if (upstreamStatus >= 500 && upstreamStatus < 600) {
            return 500;
        }
        return -1;
    }

    // ---- body handling ----

    /**
     * {@code stringify(JSON.parse(bytes))}: on the event loop for small bodies (a few microseconds), on a worker
     * thread for large ones, whose worst case (long runs of hard numbers) would stall other requests.
     */
    private Future<String> canonicalize(JsJsonParser parser, byte[] bytes) {
        if (bytes.length <= inlineCanonicalizationBytes) {
            try {
                return Future.succeededFuture(JsStableStringify.stringify(parser.parse(bytes)));
            } catch (JsJsonException e) {
                return Future.failedFuture(e);
            }
        }
        return vertx.executeBlocking(() -> JsStableStringify.stringify(parser.parse(bytes)), false);
    }

    /** Reads the body up to the limit. Quarkus keeps the request paused until a handler is set. */
    private Future<Buffer> readBody(Exchange ex, long declared) {
        HttpServerRequest request = ex.request;
        ex.body = Exchange.BodyState.READING;
        Promise<Buffer> read = Promise.promise();
        if (request.isEnded()) {
            ex.body = Exchange.BodyState.DONE;
            read.complete(Buffer.buffer(0));
            return read.future();
        }
        Buffer body = Buffer.buffer(declared > 0 ? (int) declared : 256);
        request.handler(chunk -> {
            if (read.future().isComplete()) {
                return;
            }
            if (body.length() + chunk.length() > maxBodyBytes) {
                read.tryFail(new BodyTooLarge()); // the rest is not read: the connection closes after the answer
            } else {
                body.appendBuffer(chunk);
            }
        });
        request.exceptionHandler(read::tryFail);
        request.endHandler(ignored -> {
            ex.body = Exchange.BodyState.DONE;
            read.tryComplete(body);
        });
        request.resume();
        return read.future();
    }

    private String tooLargeMessage() {
        return "Body larger than " + maxBodyBytes + " bytes";
    }

    private static long contentLength(HttpServerRequest request) {
        String value = request.getHeader("Content-Length");
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE; // unusable framing: treated as too large, the connection is closed
        }
    }

    /** The single value of a header (any name case), null when absent, {@link #REPEATED} when sent twice. */
    private static String single(MultiMap headers, String name) {
        List<String> values = headers.getAll(name);
        return values.isEmpty() ? null : values.size() == 1 ? values.get(0) : REPEATED;
    }

    // ---- answers ----

    private void reject(Exchange ex, YggError error, String message) {
        if (ex.finished) {
            return;
        }
        HttpServerResponse response = ex.request.response();
        response.putHeader("Content-Type", ForwardedHeaders.JSON);
        LOG.debugf("rejected %s %s: %s", ex.auditedMethod(), ex.auditedPath(), error.code());
        send(ex, error.status(), Buffer.buffer(error.body(message)));
        finish(ex, error.status(), error.code(), rejectedTimers.get(error));
    }

    /** A continuation that turns anything it throws into a 500 rather than a request left hanging. */
    private <T> Handler<AsyncResult<T>> guarded(Exchange ex, Handler<AsyncResult<T>> step) {
        return result -> {
            if (ex.finished) {
                return;
            }
            try {
                step.handle(result);
            } catch (RuntimeException e) {
                internalError(ex, e);
            }
        };
    }

    private void internalError(Exchange ex, Throwable failure) {
        LOG.errorf("unexpected failure handling %s %s: %s", ex.auditedMethod(), ex.auditedPath(),
                failure.getClass().getName());
        reject(ex, YggError.INTERNAL, null);
    }

    private void send(Exchange ex, int status, Buffer body) {
        HttpServerRequest request = ex.request;
        HttpServerResponse response = request.response();
        if (response.ended()) {
            return;
        }
        response.setStatusCode(status).putHeader(ForwardedHeaders.CORRELATION_ID, ex.correlationId);
        boolean close = ex.body != Exchange.BodyState.DONE && !discardRestOfBody(ex);
        if (close && request.version() != HttpVersion.HTTP_2) {
            response.putHeader("Connection", "close");
            response.end(body).onComplete(ignored -> request.connection().close());
        } else {
            response.end(body);
        }
    }

    /**
     * After an early answer the unread body must still be consumed for the connection to be reused. A body
     * within the size limit is read and thrown away; anything larger (or already abandoned) closes the
     * connection instead. Returns whether the connection can stay open.
     */
    private boolean discardRestOfBody(Exchange ex) {
        HttpServerRequest request = ex.request;
        if (request.isEnded()) {
            return true;
        }
        if (ex.body == Exchange.BodyState.READING || contentLength(request) > maxBodyBytes) {
            ex.body = Exchange.BodyState.DONE;
            return false;
        }
        ex.body = Exchange.BodyState.DONE;
        long[] discarded = new long[1];
        request.handler(chunk -> {
            discarded[0] += chunk.length();
            if (discarded[0] > maxBodyBytes) {
                request.connection().close();
            }
        });
        request.exceptionHandler(ignored -> {
        });
        request.endHandler(null);
        request.resume();
        return true;
    }

    private void finish(Exchange ex, int status, String outcome, Timer timer) {
        if (ex.finished) {
            return;
        }
        ex.finished = true;
        long nanos = System.nanoTime() - ex.startNanos;
        timer.record(nanos, TimeUnit.NANOSECONDS);
        audit.publish(new YggAuditRecord(ex.auditedRequestId(), ex.auditedMethod(), ex.auditedPath(), outcome,
                status, nanos / 1_000, ex.correlationId, clock.instant()));
    }

    /** Thrown (without a stack) when the streamed body passes the limit. */
    private static final class BodyTooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BodyTooLarge() {
            super("body too large", null, false, false);
        }
    }
}
