# The External Secrets Operator's SecretStore in the partner-platform namespace: read the service secrets
# that are delivered as Kubernetes Secrets (database passwords, admin tokens, webhook secrets).
# Not the gateway's HMAC material (Vault Agent, policy ygg-hmac-gateway) and never transit.
path "kv/data/partner-platform/quote-service" {
  capabilities = ["read"]
}
path "kv/data/partner-platform/signer-service" {
  capabilities = ["read"]
}
path "kv/data/partner-platform/webhook-ingress" {
  capabilities = ["read"]
}
path "kv/data/partner-platform/ygg-hmac-gateway-db" {
  capabilities = ["read"]
}
