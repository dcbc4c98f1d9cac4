# signer-service: sign with the quote-signing key, read its public versions, and run its own rotation
# (POST /admin/keys/rotate: a new key version, then min_encryption_version raised on activation so that Vault
# itself refuses to sign with a retired version). Nothing else: no key creation or deletion, no export or
# backup, no other key, no other config parameter (exportable, deletion_allowed, ... are refused by Vault).

# Sign; the hash algorithm may come in the body or pinned in the path.
path "transit/sign/rsa-3072" {
  capabilities = ["update"]
}
path "transit/sign/rsa-3072/sha2-256" {
  capabilities = ["update"]
}

# Read the key: version numbers and PEM public keys (the private part is never returned, exportable=false).
path "transit/keys/rsa-3072" {
  capabilities = ["read"]
}

# Rotation by the signer's key ring (normal and emergency).
path "transit/keys/rsa-3072/rotate" {
  capabilities = ["update"]
}
path "transit/keys/rsa-3072/config" {
  capabilities = ["update"]
  allowed_parameters = {
    "min_encryption_version" = []
  }
}
