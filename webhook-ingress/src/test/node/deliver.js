// Signs deliveries with the npm `standardwebhooks` package (v1) and Node's own crypto (v1a,
// ed25519), optionally tampers with them, posts them to the service and reports the statuses.
// Input (stdin): {"url", "secret", "edSeed": base64, "deliveries": [{"id", "body", "mode"}]}.
// Output (stdout): [{"id": the id sent, "mode", "status"}].
'use strict';
const crypto = require('node:crypto');
const { Webhook } = require('standardwebhooks');

const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

function readStdin() {
  return new Promise((resolve) => {
    let data = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk) => { data += chunk; });
    process.stdin.on('end', () => resolve(JSON.parse(data)));
  });
}

function v1a(seed, id, timestamp, body) {
  const key = crypto.createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  return 'v1a,' + crypto.sign(null, Buffer.from(`${id}.${timestamp}.${body}`, 'utf8'), key).toString('base64');
}

async function send(input, delivery) {
  const now = Math.floor(Date.now() / 1000);
  const stale = delivery.mode === 'stale';
  const timestamp = stale ? now - 600 : now;
  const signer = new Webhook(delivery.mode === 'wrong-secret' ? input.foreignSecret : input.secret);
  let id = delivery.id;
  let body = delivery.body;
  let signature = delivery.mode === 'v1a'
    ? v1a(Buffer.from(input.edSeed, 'base64'), id, timestamp, body)
    : signer.sign(id, new Date(timestamp * 1000), body);
  let sentTimestamp = timestamp;
  switch (delivery.mode) {
    case 'tamper-body': body = body.replace('PAID', 'REFUNDED'); break;
    case 'tamper-id': id = id + 'x'; break;
    case 'tamper-timestamp': sentTimestamp = timestamp + 1; break;
    case 'tamper-signature': {
      const raw = Buffer.from(signature.split(',')[1], 'base64');
      raw[0] ^= 1;
      signature = 'v1,' + raw.toString('base64');
      break;
    }
    default: break;
  }
  const headers = delivery.mode === 'mixed-case'
    ? { 'WEBHOOK-ID': id, 'Webhook-Timestamp': String(sentTimestamp), 'webhook-SIGNATURE': signature }
    : { 'webhook-id': id, 'webhook-timestamp': String(sentTimestamp), 'webhook-signature': signature };
  if (delivery.mode === 'v1' || delivery.mode === 'mixed-case') {
    // the package's own verifier must accept what it signed: guards the harness, not the service
    new Webhook(input.secret).verify(body, headers);
  }
  const response = await fetch(input.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  await response.arrayBuffer();
  return { id, mode: delivery.mode, status: response.status };
}

(async () => {
  const input = await readStdin();
  const results = [];
  for (const delivery of input.deliveries) {
    results.push(await send(input, delivery));
  }
  process.stdout.write(JSON.stringify(results));
})().catch((error) => {
  process.stderr.write(String(error && error.stack || error));
  process.exit(1);
});
