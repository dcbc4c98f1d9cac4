'use strict';
// YGG Redeem's side of the two-way HMAC, written the way the spec's reference snippet is (node crypto +
// npm json-stable-stringify, a UUIDv7 from the npm uuid package), run against a live gateway. Each scenario
// signs a request, sends it, and for a 200 checks the response signature exactly as the spec tells the
// partner to produce it. Prints one JSON array of results on stdout.
//
// usage: YGG_API_KEY=... YGG_SHARED_SECRET=... node ygg-conformance.js <base-url>
const crypto = require('crypto');
const stringify = require('json-stable-stringify');
const { v7: uuidv7 } = require('uuid');

const [baseUrl] = process.argv.slice(2);
const API_KEY = process.env.YGG_API_KEY;
const SHARED_SECRET_KEY = process.env.YGG_SHARED_SECRET;

const hmac = (payload) => crypto.createHmac('sha256', SHARED_SECRET_KEY).update(payload).digest('hex');

// payload = method + path + X-API-REQUEST + stringify(body); "For GET requests, the body is an empty string"
const signRequest = (method, path, uuid, body) => hmac(method + path + uuid + stringify(method === 'GET' ? '' : body));

async function call(name, method, path, { body, signedBody, uuid = uuidv7(), apiKey = API_KEY } = {}) {
  const signature = signRequest(method, path, uuid, signedBody === undefined ? body : signedBody);
  const headers = { 'X-API-KEY': apiKey, 'X-API-REQUEST': uuid, 'X-API-SIGNATURE': signature };
  const init = { method, headers };
  if (method !== 'GET') {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body); // what a client sends: insertion order, not the canonical form
  }
  const response = await fetch(baseUrl + path, init);
  const text = await response.text();
  const result = {
    name,
    requestId: uuid,
    status: response.status,
    contentType: response.headers.get('content-type'),
    signaturePresent: response.headers.has('x-api-signature'),
    body: text,
  };
  if (response.status === 200) {
    // Response Signature: method + path + uuidv7 + stringify(responseBody), compared in constant time
    const presented = Buffer.from(response.headers.get('x-api-signature') || '', 'utf8');
    const expected = Buffer.from(hmac(method + path + uuid + stringify(JSON.parse(text))), 'utf8');
    result.signatureValid = presented.length === expected.length && crypto.timingSafeEqual(presented, expected);
    result.bodyIsStableStringified = text === stringify(JSON.parse(text));
  }
  return result;
}

(async () => {
  const results = [];
  const deduct = '/api/v1/deduct-points-by-address';
  const spec = await call('post-spec-example', 'POST', deduct, { body: { points: 1000, address: '0x123456' } });
  results.push(spec);
  results.push(await call('get-transaction', 'GET', '/api/v1/transactions/ptx-42'));
  results.push(await call('post-unicode-and-numbers', 'POST', deduct,
    { body: JSON.parse('{"points":1e3,"address":"0x\\u00e9\\u2713\\ud83d\\ude00","memo":"line\\nbreak \\"q\\"","ratio":0.1,"tiny":5e-7}') }));
  results.push(await call('tampered-body', 'POST', deduct,
    { body: { address: '0x123456', points: 100000 }, signedBody: { address: '0x123456', points: 1000 } }));
  results.push(await call('replayed-request-id', 'POST', deduct,
    { body: { points: 1000, address: '0x123456' }, uuid: spec.requestId }));
  results.push(await call('wrong-api-key', 'POST', deduct,
    { body: { points: 1, address: '0x1' }, apiKey: 'not-the-configured-key-000000' }));
  process.stdout.write(JSON.stringify(results));
})().catch((e) => {
  process.stderr.write(String(e && e.stack || e));
  process.exit(1);
});
