package com.partnerplatform.signer.keys;

import java.time.Instant;
import java.util.List;

import com.partnerplatform.events.keys.KeyState;

/** What a rotation did: the new key, its state and activation time, and the kids it retired or tombstoned. */
public record RotationResult(String kid, KeyState state, Instant activeFrom, boolean emergency, List<String> retired) {
}
