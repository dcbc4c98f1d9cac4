package com.partnerplatform.ygg.bench;

import com.partnerplatform.ygg.canonical.JsNumbers;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Number::toString per path: integer, short decimal, 17-digit decimal, extreme exponents. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class JsNumbersBenchmark {

    @Param({"1000", "123.45", "0.30000000000000004", "1.7976931348623157e308", "5e-324"})
    public String literal;

    private double value;

    @org.openjdk.jmh.annotations.Setup
    public void setUp() {
        value = JsNumbers.parseJsonNumber(literal);
    }

    @Benchmark
    public String toJsString() {
        return JsNumbers.toJsString(value);
    }

    @Benchmark
    public double parseJsonNumber() {
        return JsNumbers.parseJsonNumber(literal);
    }
}
