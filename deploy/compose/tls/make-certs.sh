#!/bin/sh
# docker-compose only: a throw-away local CA and serving certificates for the services whose prod profile
# serves HTTPS only (quote-service, webhook-ingress, ygg-hmac-gateway). Generated on first start into volumes that only the
# owning service mounts; never committed, never used outside compose. Kubernetes uses cert-manager instead.
set -eu

if [ -s /tls/quote-service/tls.crt ] && [ -s /tls/webhook-ingress/tls.crt ] && [ -s /tls/ygg-hmac-gateway/tls.crt ]; then
  echo "certificates already present"
  exit 0
fi
apk add --no-cache openssl >/dev/null

work="$(mktemp -d)"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 \
  -subj "/CN=partner-platform compose dev CA" -keyout "$work/ca.key" -out "$work/ca.crt" 2>/dev/null

for svc in quote-service webhook-ingress ygg-hmac-gateway; do
  out="/tls/$svc"
  mkdir -p "$out"
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$svc" \
    -keyout "$work/$svc.key" -out "$work/$svc.csr" 2>/dev/null
  printf 'subjectAltName=DNS:%s,DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' "$svc" > "$work/$svc.ext"
  openssl x509 -req -in "$work/$svc.csr" -CA "$work/ca.crt" -CAkey "$work/ca.key" -CAcreateserial \
    -days 30 -extfile "$work/$svc.ext" -out "$out/tls.crt" 2>/dev/null
  cp "$work/$svc.key" "$out/tls.key"
  cp "$work/ca.crt" "$out/ca.crt"
  # The service images run as uid 185.
  chown -R 185:0 "$out"
  chmod 0400 "$out/tls.key"
done
rm -rf "$work"
echo "compose dev certificates written"
