package com.partnerplatform.quote.pricing;

import java.math.BigDecimal;

import com.partnerplatform.quote.pricing.FxRateTable.MarketRate;

/**
 * A priced quote before it has an identity: every amount at its currency's scale, the customer rate
 * at {@link PricingEngine#RATE_SCALE}, and the market rate it came from (kept for traceability,
 * never signed).
 */
public record Price(Corridor corridor, BigDecimal sendAmount, BigDecimal receiveAmount, BigDecimal fxRate,
        BigDecimal partnerFee, BigDecimal principalFee, BigDecimal totalConsumerCost, MarketRate marketRate) {

    public BigDecimal totalFees() {
        return partnerFee.add(principalFee);
    }
}
