// Independent reference implementations the Java tests compare against (see README.md).
//   node interop.mjs canonicalize IN OUT : IN is a JSON array of JSON texts; OUT gets, for each,
//                                          {"ok":canonical text} or {"error":message}
//   node interop.mjs verify IN OUT       : IN is a JSON array of {"jws","jwks"}; OUT gets, for each,
//                                          {"ok":true,"header":{...},"payload":"utf-8 text"} or {"error":message}
import { readFileSync, writeFileSync } from 'node:fs';
import canonicalize from 'canonicalize';
import { compactVerify, createLocalJWKSet } from 'jose';

const [command, input, output] = process.argv.slice(2);
const cases = JSON.parse(readFileSync(input, 'utf8'));

async function run() {
  if (command === 'canonicalize') {
    return cases.map((text) => {
      try {
        return { ok: canonicalize(JSON.parse(text)) };
      } catch (e) {
        return { error: String(e.message) };
      }
    });
  }
  if (command === 'verify') {
    const results = [];
    for (const { jws, jwks } of cases) {
      try {
        const { payload, protectedHeader } = await compactVerify(jws, createLocalJWKSet(jwks), { algorithms: ['RS256'] });
        results.push({ ok: true, header: protectedHeader, payload: new TextDecoder('utf-8', { fatal: true }).decode(payload) });
      } catch (e) {
        results.push({ error: `${e.code ?? e.name}: ${e.message}` });
      }
    }
    return results;
  }
  throw new Error(`unknown command ${command}`);
}

writeFileSync(output, JSON.stringify(await run()), 'utf8');
