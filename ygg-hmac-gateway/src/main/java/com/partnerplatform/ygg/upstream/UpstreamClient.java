package com.partnerplatform.ygg.upstream;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.partnerplatform.ygg.eventloop.PerEventLoop;
import com.partnerplatform.ygg.gateway.GatewayConfig;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * The Vert.x HTTP clients the gateway forwards with: non-blocking, HTTP/1.1 keep-alive connections pooled per
 * upstream host, a connect timeout and a deadline over the whole exchange, response bodies read up to a bound.
 * Callbacks run on the calling request's context.
 *
 * <p>One client per event loop, created on that loop: its connections live on the loop of the requests that use
 * them. A single shared pool hands out whichever connection is free, so a request on one loop would write through
 * another loop's connection and have the answer passed back, two thread wake-ups per request that cost CPU and,
 * on a busy machine, a scheduler delay each.
 */
@ApplicationScoped
public class UpstreamClient {

    private final Vertx vertx;
    /** Per event loop; the shared one serves callers outside any event loop (none on the request path). */
    private final PerEventLoop<HttpClient> perEventLoop;
    private final HttpClient shared;
    private final long deadlineMillis;
    private final long maxResponseBytes;

    public UpstreamClient(Vertx vertx, GatewayConfig config) {
        GatewayConfig.Upstream upstream = config.upstream();
        this.vertx = vertx;
        this.deadlineMillis = upstream.timeout().toMillis();
        this.maxResponseBytes = upstream.maxResponseSize().asLongValue();
        HttpClientOptions options = new HttpClientOptions()
                .setKeepAlive(true)
                .setKeepAliveTimeout((int) Math.max(1, upstream.keepAliveTimeout().toSeconds()))
                .setTcpNoDelay(true)
                .setConnectTimeout((int) upstream.connectTimeout().toMillis())
                // the gateway must see the bytes the upstream sent to sign them; no transparent decompression
                .setDecompressionSupported(false)
                .setTryUseCompression(false);
        PoolOptions pool = new PoolOptions().setHttp1MaxSize(upstream.maxConnections()).setMaxWaitQueueSize(-1);
        this.shared = vertx.createHttpClient(options, pool);
        this.perEventLoop = new PerEventLoop<>(() -> vertx.createHttpClient(options, pool));
    }

    private HttpClient client() {
        HttpClient own = perEventLoop.here();
        return own != null ? own : shared;
    }

    /**
     * Sends one request and reads the whole response; fails with {@link UpstreamException} (UNAVAILABLE for
     * transport failures and the deadline, INVALID for an oversized body).
     */
    public Future<UpstreamResponse> exchange(UpstreamTarget target, HttpMethod method, String uri, MultiMap headers,
            Buffer body) {
        Promise<UpstreamResponse> result = Promise.promise();
        RequestOptions options = new RequestOptions()
                .setMethod(method)
                .setHost(target.host())
                .setPort(target.port())
                .setSsl(target.ssl())
                .setURI(target.uri(uri))
                .setHeaders(headers);
        HttpClientRequest[] sent = new HttpClientRequest[1];
        long timer = vertx.setTimer(deadlineMillis, id -> {
            if (result.tryFail(new UpstreamException(UpstreamException.Kind.UNAVAILABLE,
                    "no complete upstream response within " + deadlineMillis + " ms", null)) && sent[0] != null) {
                sent[0].reset();
            }
        });
        client().request(options)
                .compose(request -> {
                    sent[0] = request;
                    if (result.future().isComplete()) { // the deadline passed while connecting
                        request.reset();
                        return Future.failedFuture(new UpstreamException(UpstreamException.Kind.UNAVAILABLE,
                                "deadline passed while connecting", null));
                    }
                    return body == null ? request.send() : request.send(body);
                })
                .compose(response -> readBody(response))
                .onComplete(outcome -> {
                    vertx.cancelTimer(timer);
                    if (outcome.succeeded()) {
                        result.tryComplete(outcome.result());
                    } else if (outcome.cause() instanceof UpstreamException e) {
                        result.tryFail(e);
                    } else {
                        result.tryFail(new UpstreamException(UpstreamException.Kind.UNAVAILABLE,
                                "upstream exchange failed: " + outcome.cause().getClass().getSimpleName(),
                                outcome.cause()));
                    }
                });
        return result.future();
    }

    private Future<UpstreamResponse> readBody(HttpClientResponse response) {
        Promise<UpstreamResponse> read = Promise.promise();
        String declared = response.getHeader("Content-Length");
        if (declared != null && parseLength(declared) > maxResponseBytes) {
            response.request().reset();
            read.fail(tooLarge());
            return read.future();
        }
        Buffer body = Buffer.buffer();
        response.handler(chunk -> {
            if (body.length() + chunk.length() > maxResponseBytes) {
                if (read.tryFail(tooLarge())) {
                    response.request().reset();
                }
            } else {
                body.appendBuffer(chunk);
            }
        });
        response.exceptionHandler(read::tryFail);
        response.endHandler(ignored -> read.tryComplete(new UpstreamResponse(response.statusCode(),
                response.headers(), body)));
        return read.future();
    }

    private UpstreamException tooLarge() {
        return new UpstreamException(UpstreamException.Kind.INVALID,
                "upstream response body larger than " + maxResponseBytes + " bytes", null);
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @PreDestroy
    void close() {
        perEventLoop.forEach(HttpClient::close);
        shared.close();
    }
}
