// Verifies signed quotes the way YCMT would, with libraries that share no code with the service:
// fetch the partner JWKS over HTTP (jose), verify each compact JWS with RS256 only, and check that
// the signed payload bytes are exactly the RFC 8785 canonical form of themselves (canonicalize).
// Usage: node verify-quotes.mjs <jwks-url> < {"jws": ["...", ...]}   ->   JSON array of results
import { createRemoteJWKSet, compactVerify, decodeProtectedHeader } from 'jose';
import canonicalize from 'canonicalize';

const jwksUrl = process.argv[2];
let input = '';
for await (const chunk of process.stdin) input += chunk;
const { jws } = JSON.parse(input);

// a fresh key set per run: no cached JWKS survives from an earlier call
const keys = createRemoteJWKSet(new URL(jwksUrl), { cooldownDuration: 0 });
const results = [];
for (const token of jws) {
  try {
    const header = decodeProtectedHeader(token);
    const { payload, protectedHeader } = await compactVerify(token, keys, { algorithms: ['RS256'] });
    const text = new TextDecoder().decode(payload);
    const claims = JSON.parse(text);
    results.push({
      ok: true,
      header: protectedHeader,
      headerMembers: Object.keys(header).sort(),
      canonical: canonicalize(claims) === text,
      claims,
    });
  } catch (e) {
    results.push({ ok: false, error: e.code || String(e.message) });
  }
}
process.stdout.write(JSON.stringify(results));
