# ygg-hmac-gateway (through its Vault Agent init container): read its own HMAC shared secret(s) and API key(s).
path "kv/data/partner-platform/ygg-hmac-gateway" {
  capabilities = ["read"]
}
