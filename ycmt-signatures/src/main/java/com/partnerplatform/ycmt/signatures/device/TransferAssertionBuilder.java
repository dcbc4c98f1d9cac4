package com.partnerplatform.ycmt.signatures.device;

import com.partnerplatform.ycmt.signatures.Artefact;
import com.partnerplatform.ycmt.signatures.CompactJws;
import com.partnerplatform.ycmt.signatures.SigningException;
import com.partnerplatform.ycmt.signatures.SigningKey;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Builds and signs {@code auth_signature_v1} (device spec s.13-14): the device's confirmation bound
 * to one transfer, its current challenge, the amounts and beneficiary shown to the customer, and a
 * fresh random nonce. Every {@link #sign} draws a new nonce, so an assertion is never reused.
 *
 * <pre>{@code
 * String assertion = new TransferAssertionBuilder(Clock.systemUTC())
 *         .transferId(transferId)
 *         .challenge(confirmationChallenge, confirmationChallengeExpiresAt)
 *         .send(new BigDecimal("100.00"), "EUR")
 *         .receive(new BigDecimal("1085.00"), "MAD")
 *         .beneficiaryId(beneficiaryId)
 *         .sign(deviceKey);
 * }</pre>
 */
public final class TransferAssertionBuilder {

    private final Clock clock;
    private String transferId;
    private String challenge;
    private Instant challengeExpiresAt;
    private BigDecimal sendAmount;
    private String sendCurrency;
    private BigDecimal receiveAmount;
    private String receiveCurrency;
    private String beneficiaryId;

    public TransferAssertionBuilder(Clock clock) {
        this.clock = Objects.requireNonNull(clock);
    }

    public TransferAssertionBuilder transferId(String transferId) {
        this.transferId = transferId;
        return this;
    }

    /** {@code confirmationChallenge} and {@code confirmationChallengeExpiresAt} from the transfer detail. */
    public TransferAssertionBuilder challenge(String challenge, Instant expiresAt) {
        this.challenge = challenge;
        this.challengeExpiresAt = expiresAt;
        return this;
    }

    /** The send amount exactly as displayed, with the currency's minor-unit scale (e.g. 100.00 EUR). */
    public TransferAssertionBuilder send(BigDecimal amount, String currency) {
        this.sendAmount = amount;
        this.sendCurrency = currency;
        return this;
    }

    /** The receive amount exactly as displayed, with the currency's minor-unit scale (e.g. 1085.00 MAD). */
    public TransferAssertionBuilder receive(BigDecimal amount, String currency) {
        this.receiveAmount = amount;
        this.receiveCurrency = currency;
        return this;
    }

    public TransferAssertionBuilder beneficiaryId(String beneficiaryId) {
        this.beneficiaryId = beneficiaryId;
        return this;
    }

    /**
     * Signs a new assertion with a fresh nonce ({@link UUID#randomUUID()}: version 4 from the JDK's
     * {@code SecureRandom}) and {@code iat} = the clock's current second.
     *
     * @throws com.partnerplatform.ycmt.signatures.ClaimsException {@code device.challengeExpired} if
     *     the challenge has expired (before or after signing), {@code device.invalid} for a bad value
     * @throws SigningException if the device key cannot sign
     */
    public String sign(SigningKey deviceKey) throws SigningException {
        ChallengeWindow.requireOpen(clock, challengeExpiresAt, "challenge");
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("auth_signature_v1", "v1");
        claims.put("transfer_id", transferId);
        claims.put("challenge", challenge);
        claims.put("nonce", UUID.randomUUID().toString());
        claims.put("send_amount", sendAmount == null ? null : sendAmount.toPlainString());
        claims.put("send_currency", sendCurrency);
        claims.put("receive_amount", receiveAmount == null ? null : receiveAmount.toPlainString());
        claims.put("receive_currency", receiveCurrency);
        claims.put("beneficiary_id", beneficiaryId);
        claims.put("iat", clock.instant().getEpochSecond());
        String jws = CompactJws.sign(Artefact.TRANSFER_ASSERTION, claims, deviceKey);
        ChallengeWindow.requireOpen(clock, challengeExpiresAt, "challenge");
        return jws;
    }
}
