package com.partnerplatform.ygg.bench;

import com.partnerplatform.ygg.canonical.JsJsonParser;
import com.partnerplatform.ygg.canonical.JsStableStringify;
import com.partnerplatform.ygg.hmac.YggHmac;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of authenticating one YGG request: parse + canonicalise + HMAC verify, for the spec's example body and
 * a 1 KiB body. Run with the {@code bench} profile (see the module README section in the final report):
 * {@code mvn -B -o -pl ygg-hmac-gateway -Pbench test-compile exec:exec}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CanonicalHmacBenchmark {

    static final String SPEC_EXAMPLE = "{\"address\":\"0x123456\",\"points\":1000}";

    /** A redeem-like body of 1,024 UTF-8 bytes: nested objects, arrays, decimals, non-ASCII text. */
    static final String ONE_KIB = oneKiB();

    @Param({"spec-example", "1KiB"})
    public String body;

    private byte[] bytes;
    private String canonical;
    private String signature;
    private final JsJsonParser parser = JsJsonParser.withDefaultLimits();
    private final YggHmac hmac = YggHmac.of("shared_secret_key", "previous_secret_key");
    private static final String METHOD = "POST";
    private static final String PATH = "/api/v1/deduct-points-by-address";
    private static final String REQUEST_ID = "01870603-f211-7b9a-a7ea-4a98f5320ff8";

    @Setup
    public void setUp() {
        bytes = (body.equals("1KiB") ? ONE_KIB : SPEC_EXAMPLE).getBytes(StandardCharsets.UTF_8);
        canonical = JsStableStringify.stringify(parser.parse(bytes));
        signature = hmac.sign(METHOD, PATH, REQUEST_ID, canonical);
    }

    @Benchmark
    public String parseAndStringify() {
        return JsStableStringify.stringify(parser.parse(bytes));
    }

    @Benchmark
    public String sign() {
        return hmac.sign(METHOD, PATH, REQUEST_ID, canonical);
    }

    /** What the gateway does per request: canonical body from the raw bytes, then verify against two secrets. */
    @Benchmark
    public boolean parseStringifyAndVerify() {
        String c = JsStableStringify.stringify(parser.parse(bytes));
        return hmac.verify(METHOD, PATH, REQUEST_ID, c, signature);
    }

    private static String oneKiB() {
        StringBuilder sb = new StringBuilder("{\"address\":\"0x71C7656EC7ab88b098defB751B7401B5f6d8976F\",")
                .append("\"points\":1000,\"currency\":\"EUR\",\"amount\":123.45,\"rate\":0.000123,")
                .append("\"customer\":{\"name\":\"Zo\u00eb Ch\u00e2telain\",\"city\":\"M\u00fcnchen\",\"tier\":3},")
                .append("\"items\":[");
        int i = 0;
        while (sb.length() < 900) {
            sb.append(i == 0 ? "" : ",").append("{\"sku\":\"SKU-").append(1000 + i).append("\",\"qty\":").append(i % 4 + 1)
                    .append(",\"price\":").append(9.99 + i).append('}');
            i++;
        }
        sb.append("],\"note\":\"");
        while (sb.toString().getBytes(StandardCharsets.UTF_8).length < 1024 - 2) {
            sb.append('x');
        }
        return sb.append("\"}").toString();
    }
}
