package com.partnerplatform.ygg.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import com.partnerplatform.ygg.testing.JsonBodyGenerator;
import com.partnerplatform.ygg.testing.NodeInterop;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** Number::toString and JSON.parse's number conversion against node itself. */
class JsNumbersNodeInteropTest {

    private static final int DOUBLES = 1_000_000;

    @Test
    void formatsAMillionDoublesExactlyAsNodeStringDoes() {
        double[] values = doublesToCompare();
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            buffer.putDouble(v);
        }
        List<String> node = NodeInterop.run("numbers", buffer.array());

        assertThat(node).hasSize(values.length);
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            String ours = JsNumbers.toJsString(values[i]);
            if (!ours.equals(node.get(i)) && mismatches.size() < 20) {
                mismatches.add("bits " + Long.toHexString(Double.doubleToRawLongBits(values[i])) + ": ours " + ours
                        + ", node " + node.get(i));
            }
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void parsesNumberLiteralsToTheSameDoubleAsNodeJsonParse() {
        JsonBodyGenerator generator = new JsonBodyGenerator(7L, false);
        List<String> literals = new ArrayList<>(JsonBodyGenerator.TRICKY_NUMBERS);
        for (int i = 0; i < 20_000; i++) {
            literals.add(generator.number());
        }
        for (int i = 0; i < 3_000; i++) {
            literals.add(generator.halfway(i % 3 - 1));
        }
        List<String> input = literals.stream().map(NodeInterop::encode).toList();
        List<String> node = NodeInterop.runLines("parse-bits", input);

        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < literals.size(); i++) {
            String ours = String.format("%016x", Double.doubleToRawLongBits(JsNumbers.parseJsonNumber(literals.get(i))));
            if (!ours.equals(node.get(i)) && mismatches.size() < 20) {
                mismatches.add(abbreviate(literals.get(i)) + ": ours " + ours + ", node " + node.get(i));
            }
        }
        assertThat(mismatches).isEmpty();
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 40) + "..." + s.substring(s.length() - 30) + " (" + s.length() + ")";
    }

    /** Random bit patterns dominate; the rest are the classes where formatting is known to go wrong. */
    private static double[] doublesToCompare() {
        List<Double> special = new ArrayList<>();
        for (int e = -1074; e <= 1023; e++) {
            double p = Math.scalb(1.0, e);
            for (double d : new double[] {p, Math.nextUp(p), Math.nextDown(p), Math.nextUp(Math.nextUp(p))}) {
                special.add(d);
                special.add(-d);
            }
        }
        for (int e = -330; e <= 310; e++) {
            double p = Double.parseDouble("1e" + e);
            special.add(p);
            special.add(Math.nextUp(p));
            special.add(Math.nextDown(p));
        }
        for (long c = 1; c <= 5000; c++) {
            special.add(Double.longBitsToDouble(c)); // smallest subnormals
            special.add(Double.longBitsToDouble(0x0010000000000000L - c)); // largest subnormals
        }
        for (long i = -2000; i <= 2000; i++) {
            special.add((double) ((1L << 53) + i));
            special.add(1e21 + i * Math.ulp(1e21));
            special.add(1e-6 + i * Math.ulp(1e-6));
            special.add(1e-7 + i * Math.ulp(1e-7));
        }
        special.add(Double.MAX_VALUE);
        special.add(Double.MIN_NORMAL);
        special.add(-0.0);
        special.add(Double.NaN);
        special.add(Double.POSITIVE_INFINITY);
        special.add(Double.NEGATIVE_INFINITY);

        double[] values = new double[DOUBLES];
        int n = 0;
        for (double d : special) {
            values[n++] = d;
        }
        SplittableRandom random = new SplittableRandom(1_000_003L);
        Random jdkRandom = new Random(99L);
        while (n < DOUBLES) {
            switch (n % 10) {
                case 0, 1, 2, 3, 4, 5 -> values[n++] = Double.longBitsToDouble(random.nextLong());
                case 6 -> values[n++] = Double.longBitsToDouble(random.nextLong() & 0x800FFFFFFFFFFFFFL);
                case 7 -> values[n++] = random.nextInt(-10_000_000, 10_000_000) / Math.pow(10, random.nextInt(0, 12));
                case 8 -> values[n++] = (double) jdkRandom.nextLong() / (1L << random.nextInt(0, 63));
                default -> values[n++] = random.nextDouble() * Math.pow(10, random.nextInt(-25, 25));
            }
        }
        return values;
    }
}
