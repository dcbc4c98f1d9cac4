// node verify.mjs IN OUT : IN is a JSON array of {"jws","jwks"}; OUT gets, for each,
//                          {"ok":true,"header":{...},"payload":"utf-8 text"} or {"error":message}
import { readFileSync, writeFileSync } from 'node:fs';
import { compactVerify, createLocalJWKSet } from 'jose';

const [input, output] = process.argv.slice(2);
const results = [];
for (const { jws, jwks } of JSON.parse(readFileSync(input, 'utf8'))) {
  try {
    const { payload, protectedHeader } = await compactVerify(jws, createLocalJWKSet(jwks), { algorithms: ['RS256'] });
    results.push({ ok: true, header: protectedHeader, payload: new TextDecoder('utf-8', { fatal: true }).decode(payload) });
  } catch (e) {
    results.push({ error: `${e.code ?? e.name}: ${e.message}` });
  }
}
writeFileSync(output, JSON.stringify(results));
