package com.partnerplatform.ygg.upstream;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/** What the upstream answered, body fully read. */
public record UpstreamResponse(int status, MultiMap headers, Buffer body) {
}
