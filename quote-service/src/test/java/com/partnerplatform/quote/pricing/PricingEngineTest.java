package com.partnerplatform.quote.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.partnerplatform.events.pricing.FxRate;
import com.partnerplatform.quote.pricing.Corridor.CorridorType;
import com.partnerplatform.quote.pricing.Corridor.Envelope;
import com.partnerplatform.quote.pricing.PricingRefused.Reason;

class PricingEngineTest {

    private static final Instant NOW = Instant.parse("2026-05-11T14:30:12Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Duration MAX_AGE = Duration.ofMinutes(5);

    /** The ES-MA corridor as application.properties configures it. */
    static final Corridor ES_MA = new Corridor("ES-MA", CorridorType.OPEN_PAYMENT, "EUR", "MAD", new BigDecimal("1.00"),
            new FeeSchedule(List.of(
                    new FeeSchedule.Tier(BigDecimal.ZERO, new BigDecimal("1.50"), BigDecimal.ZERO),
                    new FeeSchedule.Tier(new BigDecimal("1000.00"), new BigDecimal("0.00"), new BigDecimal("0.20")))),
            FeeSchedule.flat("1.00", "0"),
            new Envelope(new BigDecimal("10.00"), new BigDecimal("5000.00"), new BigDecimal("2.50"), new BigDecimal("15.00")));
    static final Corridor FR_SN = new Corridor("FR-SN", CorridorType.OPEN_PAYMENT, "EUR", "XOF", new BigDecimal("1.20"),
            new FeeSchedule(List.of(
                    new FeeSchedule.Tier(BigDecimal.ZERO, new BigDecimal("1.99"), BigDecimal.ZERO),
                    new FeeSchedule.Tier(new BigDecimal("500.00"), new BigDecimal("0.99"), new BigDecimal("0.35")))),
            FeeSchedule.flat("0.50", "0.25"),
            new Envelope(new BigDecimal("5.00"), new BigDecimal("3000.00"), new BigDecimal("3.00"), new BigDecimal("20.00")));
    static final Corridor DE_PH = new Corridor("DE-PH", CorridorType.OPEN_PAYMENT, "EUR", "PHP", new BigDecimal("0.80"),
            FeeSchedule.flat("2.49", "0"), FeeSchedule.flat("0.75", "0"),
            new Envelope(new BigDecimal("10.00"), new BigDecimal("2500.00"), new BigDecimal("2.00"), new BigDecimal("12.00")));

    private final FxRateTable rates = new FxRateTable(CLOCK, Duration.ofMinutes(1));
    private final PricingEngine engine = new PricingEngine(Map.of("ES-MA", ES_MA, "FR-SN", FR_SN, "DE-PH", DE_PH),
            rates, CLOCK, MAX_AGE);

    PricingEngineTest() {
        rates.accept(new FxRate("EUR/MAD", "10.9596", "test", NOW.minusSeconds(30)));
        rates.accept(new FxRate("EUR/XOF", "655.957", "test", NOW.minusSeconds(30)));
        rates.accept(new FxRate("EUR/PHP", "63.4187", "test", NOW.minusSeconds(30)));
    }

    @Test
    void theSpecExampleIsReproducedByTheEsMaConfiguration() {
        Price price = engine.price(send("ES-MA", "EUR", "MAD", "100.00"));

        // quote spec s.6: send 100.00 EUR, fx 10.8500, fees 1.50 + 1.00, total 102.50, receive 1085.00 MAD
        assertThat(price.sendAmount().toPlainString()).isEqualTo("100.00");
        assertThat(price.fxRate().toPlainString()).isEqualTo("10.8500");
        assertThat(price.partnerFee().toPlainString()).isEqualTo("1.50");
        assertThat(price.principalFee().toPlainString()).isEqualTo("1.00");
        assertThat(price.totalConsumerCost().toPlainString()).isEqualTo("102.50");
        assertThat(price.receiveAmount().toPlainString()).isEqualTo("1085.00");
        assertThat(price.marketRate().rate()).isEqualByComparingTo("10.9596");
    }

    @Test
    void invariantsHoldForManySendAmountsOnEveryCorridor() {
        Random random = new Random(20260511);
        for (Corridor corridor : List.of(ES_MA, FR_SN, DE_PH)) {
            for (int i = 0; i < 4000; i++) {
                BigDecimal send = randomAmount(random, corridor.envelope().minSendAmount(), corridor.envelope().maxSendAmount(), 2);
                Price price = engine.price(send(corridor.code(), "EUR", corridor.receiveCurrency(), send.toPlainString()));
                assertInvariants(corridor, price);
                assertThat(price.sendAmount()).isEqualByComparingTo(send);
            }
        }
    }

    @Test
    void aRequestedReceiveAmountGetsTheSmallestSendAmountThatDeliversIt() {
        Random random = new Random(7);
        for (Corridor corridor : List.of(ES_MA, FR_SN, DE_PH)) {
            int receiveScale = Currencies.scale(corridor.receiveCurrency());
            for (int i = 0; i < 3000; i++) {
                BigDecimal rate = engine.price(send(corridor.code(), "EUR", corridor.receiveCurrency(), "100.00")).fxRate();
                BigDecimal wanted = randomAmount(random, corridor.envelope().minSendAmount().multiply(rate),
                        corridor.envelope().maxSendAmount().subtract(BigDecimal.ONE).multiply(rate), receiveScale);
                Price price = engine.price(new PricingEngine.Request(corridor.code(), "EUR", corridor.receiveCurrency(), null, wanted));
                assertInvariants(corridor, price);
                // delivers at least what was asked ...
                assertThat(price.receiveAmount()).isGreaterThanOrEqualTo(wanted);
                // ... and one cent less would not have
                BigDecimal oneCentLess = price.sendAmount().subtract(new BigDecimal("0.01"));
                assertThat(floorProduct(oneCentLess, price.fxRate(), receiveScale)).isLessThan(wanted);
            }
        }
    }

    @Test
    void theReceiveAmountNeverDecreasesAsTheSendAmountGrows() {
        BigDecimal previous = BigDecimal.ZERO;
        for (BigDecimal send = new BigDecimal("10.00"); send.compareTo(new BigDecimal("60.00")) <= 0; send = send.add(new BigDecimal("0.01"))) {
            BigDecimal receive = engine.price(send("FR-SN", "EUR", "XOF", send.toPlainString())).receiveAmount();
            assertThat(receive).isGreaterThanOrEqualTo(previous);
            previous = receive;
        }
    }

    @Test
    void aZeroMinorUnitCurrencyIsQuotedInWholeUnitsRoundedDown() {
        Price price = engine.price(send("FR-SN", "EUR", "XOF", "100.00"));
        // 655.957 x 0.988 = 648.085516 -> 648.0855; 100.00 x 648.0855 = 64808.55 -> 64808 XOF
        assertThat(price.fxRate().toPlainString()).isEqualTo("648.0855");
        assertThat(price.receiveAmount().toPlainString()).isEqualTo("64808");
        // fees: 1.99 + (0.50 + 0.25 % of 100.00 = 0.75)
        assertThat(price.partnerFee().toPlainString()).isEqualTo("1.99");
        assertThat(price.principalFee().toPlainString()).isEqualTo("0.75");
        assertThat(price.totalConsumerCost().toPlainString()).isEqualTo("102.74");
    }

    @Test
    void feeTiersApplyFromTheirLowerBoundAndRoundHalfUp() {
        assertThat(engine.price(send("ES-MA", "EUR", "MAD", "999.99")).partnerFee().toPlainString()).isEqualTo("1.50");
        assertThat(engine.price(send("ES-MA", "EUR", "MAD", "1000.00")).partnerFee().toPlainString()).isEqualTo("2.00");
        // 0.20 % of 1002.50 = 2.005: exactly half a cent, HALF_UP gives 2.01 (HALF_EVEN would give 2.00)
        assertThat(engine.price(send("ES-MA", "EUR", "MAD", "1002.50")).partnerFee().toPlainString()).isEqualTo("2.01");
        // 0.20 % of 1002.49 = 2.00498 -> 2.00
        assertThat(engine.price(send("ES-MA", "EUR", "MAD", "1002.49")).partnerFee().toPlainString()).isEqualTo("2.00");
    }

    @Test
    void theCustomerRateIsTheMarginAdjustedRateRoundedHalfUpToFourDigits() {
        assertThat(PricingEngine.customerRate(new BigDecimal("10.85005"), BigDecimal.ZERO).toPlainString()).isEqualTo("10.8501");
        assertThat(PricingEngine.customerRate(new BigDecimal("10.85004"), BigDecimal.ZERO).toPlainString()).isEqualTo("10.8500");
        assertThat(PricingEngine.customerRate(new BigDecimal("64.1200"), new BigDecimal("0.80")).toPlainString()).isEqualTo("63.6070");
    }

    @Test
    void amountsOutsideTheEnvelopeAreABreach() {
        assertRefused(send("ES-MA", "EUR", "MAD", "9.99"), Reason.ENVELOPE_BREACH);
        assertRefused(send("ES-MA", "EUR", "MAD", "5000.01"), Reason.ENVELOPE_BREACH);
        assertThat(engine.price(send("ES-MA", "EUR", "MAD", "10.00")).sendAmount().toPlainString()).isEqualTo("10.00");
        assertThat(engine.price(send("ES-MA", "EUR", "MAD", "5000.00")).sendAmount().toPlainString()).isEqualTo("5000.00");
        // a receive amount whose send amount would exceed the maximum
        assertRefused(new PricingEngine.Request("ES-MA", "EUR", "MAD", null, new BigDecimal("60000.00")), Reason.ENVELOPE_BREACH);
    }

    @Test
    void feesAboveTheEnvelopeMaximumAndAMarginAboveItsMaximumAreBreaches() {
        Corridor greedyFees = new Corridor("ES-MA", CorridorType.OPEN_PAYMENT, "EUR", "MAD", BigDecimal.ONE,
                FeeSchedule.flat("1.00", "1.00"), FeeSchedule.flat("1.00", "0"), ES_MA.envelope());
        Corridor greedyMargin = new Corridor("ES-MA", CorridorType.OPEN_PAYMENT, "EUR", "MAD", new BigDecimal("2.51"),
                ES_MA.partnerFees(), ES_MA.principalFees(), ES_MA.envelope());
        PricingEngine fees = new PricingEngine(Map.of("ES-MA", greedyFees), rates, CLOCK, MAX_AGE);
        PricingEngine margin = new PricingEngine(Map.of("ES-MA", greedyMargin), rates, CLOCK, MAX_AGE);

        // 1.00 + 1 % of 1300.00 = 14.00, + 1.00 = 15.00: at the maximum, allowed;
        // 1300.50 gives 1.00 + 13.005 -> 14.01, + 1.00 = 15.01: over
        assertThat(fees.price(send("ES-MA", "EUR", "MAD", "1300.00")).totalFees().toPlainString()).isEqualTo("15.00");
        assertThatThrownBy(() -> fees.price(send("ES-MA", "EUR", "MAD", "1300.50")))
                .isInstanceOfSatisfying(PricingRefused.class, e -> assertThat(e.reason()).isEqualTo(Reason.ENVELOPE_BREACH));
        assertThatThrownBy(() -> margin.price(send("ES-MA", "EUR", "MAD", "100.00")))
                .isInstanceOfSatisfying(PricingRefused.class, e -> assertThat(e.reason()).isEqualTo(Reason.ENVELOPE_BREACH));
    }

    @Test
    void aMissingOrStaleRateRefusesToPrice() {
        FxRateTable empty = new FxRateTable(CLOCK, Duration.ofMinutes(1));
        assertThatThrownBy(() -> new PricingEngine(Map.of("ES-MA", ES_MA), empty, CLOCK, MAX_AGE).price(send("ES-MA", "EUR", "MAD", "100.00")))
                .isInstanceOfSatisfying(PricingRefused.class, e -> assertThat(e.reason()).isEqualTo(Reason.RATE_UNAVAILABLE));

        FxRateTable aging = new FxRateTable(CLOCK, Duration.ofMinutes(1));
        aging.accept(new FxRate("EUR/MAD", "10.9596", "test", NOW.minus(MAX_AGE)));
        PricingEngine atTheLimit = new PricingEngine(Map.of("ES-MA", ES_MA), aging, CLOCK, MAX_AGE);
        assertThat(atTheLimit.price(send("ES-MA", "EUR", "MAD", "100.00")).fxRate().toPlainString()).isEqualTo("10.8500");

        FxRateTable stale = new FxRateTable(CLOCK, Duration.ofMinutes(1));
        stale.accept(new FxRate("EUR/MAD", "10.9596", "test", NOW.minus(MAX_AGE).minusSeconds(1)));
        assertThatThrownBy(() -> new PricingEngine(Map.of("ES-MA", ES_MA), stale, CLOCK, MAX_AGE).price(send("ES-MA", "EUR", "MAD", "100.00")))
                .isInstanceOfSatisfying(PricingRefused.class, e -> assertThat(e.reason()).isEqualTo(Reason.RATE_UNAVAILABLE));
    }

    @Test
    void anUnknownCorridorOrOtherCurrenciesAreRefused() {
        assertRefused(send("IT-MA", "EUR", "MAD", "100.00"), Reason.UNKNOWN_CORRIDOR);
        assertRefused(send("ES-MA", "USD", "MAD", "100.00"), Reason.CURRENCY_MISMATCH);
        assertRefused(send("ES-MA", "EUR", "XOF", "100.00"), Reason.CURRENCY_MISMATCH);
    }

    @Test
    void aCorridorWithAnInconsistentConfigurationCannotBeBuilt() {
        assertThatThrownBy(() -> new Corridor("ES-XX", CorridorType.OPEN_PAYMENT, "EUR", "MAD", BigDecimal.ONE,
                ES_MA.partnerFees(), ES_MA.principalFees(), ES_MA.envelope())).hasMessageContaining("ES-XX");
        assertThatThrownBy(() -> new Corridor("ES-MA", CorridorType.OPEN_PAYMENT, "EUR", "XAU", BigDecimal.ONE,
                ES_MA.partnerFees(), ES_MA.principalFees(), ES_MA.envelope())).hasMessageContaining("XAU");
        assertThatThrownBy(() -> new FeeSchedule(List.of(new FeeSchedule.Tier(BigDecimal.TEN, BigDecimal.ONE, BigDecimal.ZERO))))
                .hasMessageContaining("start at 0");
        assertThatThrownBy(() -> new Envelope(new BigDecimal("10"), new BigDecimal("5"), BigDecimal.ONE, BigDecimal.ONE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private void assertInvariants(Corridor corridor, Price price) {
        int sendScale = Currencies.scale(corridor.sendCurrency());
        int receiveScale = Currencies.scale(corridor.receiveCurrency());
        assertThat(price.sendAmount().scale()).isEqualTo(sendScale);
        assertThat(price.partnerFee().scale()).isEqualTo(sendScale);
        assertThat(price.principalFee().scale()).isEqualTo(sendScale);
        assertThat(price.totalConsumerCost().scale()).isEqualTo(sendScale);
        assertThat(price.receiveAmount().scale()).isEqualTo(receiveScale);
        assertThat(price.fxRate().scale()).isEqualTo(4);
        // total == send + partner fee + principal fee, to the minor unit
        assertThat(price.totalConsumerCost()).isEqualTo(price.sendAmount().add(price.partnerFee()).add(price.principalFee()));
        // receive == floor(send x rate) at the receive scale, by integer arithmetic
        assertThat(price.receiveAmount()).isEqualTo(floorProduct(price.sendAmount(), price.fxRate(), receiveScale));
        // each fee is within half a minor unit of its exact value, and an exact half went up
        for (var fee : List.of(new BigDecimal[] {price.partnerFee(), exactFee(corridor.partnerFees(), price.sendAmount())},
                new BigDecimal[] {price.principalFee(), exactFee(corridor.principalFees(), price.sendAmount())})) {
            BigDecimal diff = fee[0].subtract(fee[1]);
            BigDecimal half = BigDecimal.ONE.movePointLeft(sendScale).divide(BigDecimal.valueOf(2));
            assertThat(diff.abs()).isLessThanOrEqualTo(half);
            if (diff.abs().compareTo(half) == 0) {
                assertThat(diff.signum()).isPositive();
            }
        }
        assertThat(price.sendAmount()).isBetween(corridor.envelope().minSendAmount(), corridor.envelope().maxSendAmount());
        assertThat(price.totalFees()).isLessThanOrEqualTo(corridor.envelope().maxTotalFee());
    }

    /** floor(send x rate) at {@code scale}, computed on integers only (independent of BigDecimal rounding). */
    private static BigDecimal floorProduct(BigDecimal send, BigDecimal rate, int scale) {
        BigInteger product = send.unscaledValue().multiply(rate.unscaledValue());
        int productScale = send.scale() + rate.scale();
        BigInteger floored = product.divide(BigInteger.TEN.pow(productScale - scale));
        return new BigDecimal(floored, scale);
    }

    /** The fee before rounding, from the tier the amount falls in. */
    private static BigDecimal exactFee(FeeSchedule schedule, BigDecimal send) {
        List<FeeSchedule.Tier> applicable = new ArrayList<>();
        for (FeeSchedule.Tier tier : schedule.tiers()) {
            if (send.compareTo(tier.from()) >= 0) {
                applicable.add(tier);
            }
        }
        FeeSchedule.Tier tier = applicable.get(applicable.size() - 1);
        return tier.fixed().add(send.multiply(tier.percent()).movePointLeft(2));
    }

    private static BigDecimal randomAmount(Random random, BigDecimal min, BigDecimal max, int scale) {
        BigInteger low = min.setScale(scale, RoundingMode.CEILING).unscaledValue();
        BigInteger high = max.setScale(scale, RoundingMode.FLOOR).unscaledValue();
        long span = high.subtract(low).longValueExact();
        // bias towards small amounts and tier edges as well as uniform draws
        long offset = random.nextInt(4) == 0 ? random.nextInt((int) Math.min(span, 2000) + 1) : (long) (random.nextDouble() * span);
        return new BigDecimal(low.add(BigInteger.valueOf(offset)), scale);
    }

    private void assertRefused(PricingEngine.Request request, Reason reason) {
        assertThatThrownBy(() -> engine.price(request))
                .isInstanceOfSatisfying(PricingRefused.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    private static PricingEngine.Request send(String corridor, String sendCurrency, String receiveCurrency, String amount) {
        return new PricingEngine.Request(corridor, sendCurrency, receiveCurrency, new BigDecimal(amount), null);
    }
}
