package com.partnerplatform.ycmt.signatures.device;

import com.partnerplatform.ycmt.signatures.Artefact;
import com.partnerplatform.ycmt.signatures.CompactJws;
import com.partnerplatform.ycmt.signatures.Jwk;
import com.partnerplatform.ycmt.signatures.SigningException;
import com.partnerplatform.ycmt.signatures.SigningKey;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Builds and signs {@code registration_proof_v1} (device spec s.8-9): the device proves it holds the
 * key it registers by signing a payload that carries that key's public JWK, the registration id and
 * the server's challenge. Refuses an expired challenge with {@code device.challengeExpired}.
 *
 * <pre>{@code
 * String proof = new RegistrationProofBuilder(Clock.systemUTC())
 *         .registration(registrationId, registrationChallenge, expiresAt)
 *         .sign(deviceKey);
 * }</pre>
 */
public final class RegistrationProofBuilder {

    private final Clock clock;
    private String registrationId;
    private String challenge;
    private Instant challengeExpiresAt;

    public RegistrationProofBuilder(Clock clock) {
        this.clock = Objects.requireNonNull(clock);
    }

    /** The values returned by {@code POST /v1/auth/device-registration/start}. */
    public RegistrationProofBuilder registration(String registrationId, String registrationChallenge, Instant challengeExpiresAt) {
        this.registrationId = registrationId;
        this.challenge = registrationChallenge;
        this.challengeExpiresAt = challengeExpiresAt;
        return this;
    }

    /**
     * Signs the proof with {@code deviceKey}; the header kid and the embedded JWK's kid are both
     * {@code deviceKey.kid()}, and {@code iat} is the clock's current second.
     *
     * @throws com.partnerplatform.ycmt.signatures.ClaimsException {@code device.challengeExpired} if
     *     the challenge has expired (before or after signing), {@code device.invalid} for a bad value
     * @throws SigningException if the device key cannot sign
     */
    public String sign(SigningKey deviceKey) throws SigningException {
        ChallengeWindow.requireOpen(clock, challengeExpiresAt, "registration_challenge");
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("registration_proof_v1", "v1");
        claims.put("registration_id", registrationId);
        claims.put("registration_challenge", challenge);
        claims.put("device_key_alg", "RS256");
        claims.put("device_public_key_jwk", Jwk.of(deviceKey).toMap());
        claims.put("iat", clock.instant().getEpochSecond());
        String jws = CompactJws.sign(Artefact.REGISTRATION_PROOF, claims, deviceKey);
        ChallengeWindow.requireOpen(clock, challengeExpiresAt, "registration_challenge");
        return jws;
    }
}
