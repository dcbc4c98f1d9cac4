package com.partnerplatform.webhook.intake;

import java.time.Duration;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The webhook endpoint. Its deadlines stay well under the sender's 15 s, so the sender sees our answer, not its own timeout. */
@ConfigMapping(prefix = "webhook.intake")
public interface IntakeConfig {

    /** The path YCMT posts to. */
    @WithDefault("/webhooks/ycmt")
    String path();

    /** Larger bodies answer 413 before they are read in full. */
    @WithDefault("256K")
    MemorySize maxBodySize();

    /** From the body's arrival to the answer; past it the delivery answers 503 and the sender retries. */
    @WithDefault("10S")
    Duration processingTimeout();

    /** The {@code Retry-After} of a 503. */
    @WithDefault("5S")
    Duration retryAfter();
}
