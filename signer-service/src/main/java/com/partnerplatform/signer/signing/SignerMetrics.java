package com.partnerplatform.signer.signing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** The signer's Micrometer meters (Prometheus at /q/metrics). */
@ApplicationScoped
public class SignerMetrics {

    private final MeterRegistry registry;
    private final DistributionSummary batchSize;
    private final Timer requestToReply;

    public SignerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.batchSize = DistributionSummary.builder("signer.batch.size")
                .description("signing inputs per custody call")
                .publishPercentileHistogram()
                .minimumExpectedValue(1.0)
                .maximumExpectedValue(512.0)
                .register(registry);
        this.requestToReply = Timer.builder("signer.request.latency")
                .description("from the request record's timestamp to the reply's acknowledgement")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
    }

    /** One signature produced, verified and about to be sent, per kid. */
    public void signed(String kid, String custody) {
        Counter.builder("signer.signatures").description("quotes signed").tag("kid", kid).tag("custody", custody)
                .register(registry).increment();
    }

    /** One request refused, per error code. */
    public void rejected(String code) {
        Counter.builder("signer.rejections").description("requests refused").tag("code", code)
                .register(registry).increment();
    }

    /** One custody call: its duration and how many inputs it signed. */
    public void custodyCall(String custody, int size, long nanos, boolean success) {
        Timer.builder("signer.sign.latency").description("duration of one custody sign call")
                .tag("custody", custody).tag("outcome", success ? "success" : "failure")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
        batchSize.record(size);
    }

    public void requestToReply(Duration duration) {
        if (!duration.isNegative()) {
            requestToReply.record(duration);
        }
    }
}
