#!/bin/sh
# Vault bootstrap for the partner platform. Idempotent: safe to run again, it only creates what is missing
# and never rotates, deletes or exports a key.
#
#   MODE=compose     docker-compose: the dev-mode Vault of docker-compose.yml. Gives the signer a periodic token
#                    limited to its policy, written to SIGNER_TOKEN_FILE (a volume only the signer mounts; the
#                    signer reads it through VAULT_TOKEN_FILE). DEV ONLY: the compose Vault is a dev server
#                    (in-memory, unsealed, root token known); never use it or this mode for real keys.
#   MODE=kubernetes  a real, initialised and unsealed Vault (run by an operator with a short-lived admin token,
#                    never the root token): Kubernetes auth roles bound to the services' ServiceAccounts.
#
# Needs: the vault CLI, VAULT_ADDR, VAULT_TOKEN (and VAULT_CACERT for TLS). POSIX sh (the Vault image has no bash).
set -eu

MODE="${MODE:-compose}"
POLICY_DIR="${POLICY_DIR:-$(dirname "$0")/policies}"
TRANSIT_MOUNT="transit"
# The key name is fixed here and in policies/signer-transit.hcl; the signer is told it by SIGNER_VAULT_KEY_NAME.
SIGNING_KEY="rsa-3072"
KV_MOUNT="kv"

log() { printf '%s\n' "vault-bootstrap: $*"; }

: "${VAULT_ADDR:?VAULT_ADDR is required}"
: "${VAULT_TOKEN:?VAULT_TOKEN is required}"

# Wait for Vault to answer (compose starts us right after the server).
i=0
until vault status >/dev/null 2>&1; do
  i=$((i + 1))
  if [ "$i" -ge 30 ]; then log "Vault at $VAULT_ADDR is not reachable or sealed"; exit 1; fi
  sleep 1
done

# --- transit: the quote-signing key, never exportable -------------------------------------------------------
if vault secrets list -format=json | grep -q "\"${TRANSIT_MOUNT}/\""; then
  log "transit engine already enabled"
else
  vault secrets enable -path="$TRANSIT_MOUNT" transit
fi

if vault read -format=json "${TRANSIT_MOUNT}/keys/${SIGNING_KEY}" >/dev/null 2>&1; then
  log "key ${SIGNING_KEY} already exists (not rotated: rotation is a runbook step)"
else
  vault write -f "${TRANSIT_MOUNT}/keys/${SIGNING_KEY}" type=rsa-3072 exportable=false allow_plaintext_backup=false
fi
# Deleting the key would make every quote signed with it unverifiable by audit: forbid it explicitly.
vault write "${TRANSIT_MOUNT}/keys/${SIGNING_KEY}/config" deletion_allowed=false exportable=false >/dev/null

# --- KV v2 for service secrets delivered by Vault Agent / External Secrets -----------------------------------
if vault secrets list -format=json | grep -q "\"${KV_MOUNT}/\""; then
  log "kv engine already enabled"
else
  vault secrets enable -path="$KV_MOUNT" -version=2 kv
fi

# --- policies (least privilege, see deploy/vault/policies/) -------------------------------------------------
vault policy write signer-transit "$POLICY_DIR/signer-transit.hcl"
vault policy write ygg-hmac-gateway "$POLICY_DIR/ygg-hmac-gateway.hcl"
vault policy write external-secrets-partner-platform "$POLICY_DIR/external-secrets.hcl"

case "$MODE" in
  compose)
    # A periodic, orphan token carrying only the signer's policy. The signer re-reads the file on every call,
    # so running this again (new token) needs no restart. Expires if unused for the period (dev only).
    : "${SIGNER_TOKEN_FILE:?SIGNER_TOKEN_FILE is required in compose mode}"
    umask 077
    tmp="${SIGNER_TOKEN_FILE}.tmp"
    vault token create -policy=signer-transit -no-default-policy -orphan -period=768h \
      -display-name=signer-service -field=token >"$tmp"
    # The signer image runs as uid 185; nobody else needs to read the file.
    chown "${SIGNER_UID:-185}" "$tmp" 2>/dev/null || true
    chmod 0400 "$tmp"
    mv -f "$tmp" "$SIGNER_TOKEN_FILE"
    log "signer token written to $SIGNER_TOKEN_FILE"
    ;;
  kubernetes)
    : "${K8S_NAMESPACE:?K8S_NAMESPACE (the overlay namespace, e.g. partner-platform) is required}"
    : "${K8S_HOST:=https://kubernetes.default.svc}"
    if vault auth list -format=json | grep -q '"kubernetes/"'; then
      log "kubernetes auth already enabled"
    else
      vault auth enable kubernetes
    fi
    # Vault runs in the cluster: it uses its own ServiceAccount (system:auth-delegator) for TokenReview.
    vault write auth/kubernetes/config kubernetes_host="$K8S_HOST" >/dev/null

    # Tokens are short-lived and bound to one ServiceAccount in one namespace, and to the audience "vault"
    # of the projected ServiceAccount token the pods mount (see deploy/k8s/base/*/deployment.yaml).
    vault write auth/kubernetes/role/signer-service \
      bound_service_account_names=signer-service bound_service_account_namespaces="$K8S_NAMESPACE" \
      audience=vault token_policies=signer-transit token_no_default_policy=true token_ttl=1h token_max_ttl=4h >/dev/null
    vault write auth/kubernetes/role/ygg-hmac-gateway \
      bound_service_account_names=ygg-hmac-gateway bound_service_account_namespaces="$K8S_NAMESPACE" \
      audience=vault token_policies=ygg-hmac-gateway token_no_default_policy=true token_ttl=5m token_max_ttl=15m >/dev/null
    vault write auth/kubernetes/role/external-secrets-partner-platform \
      bound_service_account_names=partner-platform-secrets-reader bound_service_account_namespaces="$K8S_NAMESPACE" \
      audience=vault token_policies=external-secrets-partner-platform token_no_default_policy=true token_ttl=10m token_max_ttl=30m >/dev/null
    log "kubernetes auth roles written for namespace $K8S_NAMESPACE"
    ;;
  *)
    log "unknown MODE '$MODE' (expected compose or kubernetes)"
    exit 2
    ;;
esac

log "done"
