'use strict';
// Reference side of the Java interop tests: the real json-stable-stringify, JSON.parse, String(x) and
// crypto.createHmac, fed in one batch per test through files (one node start per batch).
// Strings travel as base64 of UTF-16LE so that every JavaScript string, lone surrogates included, crosses
// unchanged in both directions.
//
// usage: node interop.js <mode> <input-file> <output-file>
//   canonical   line: b64(body)                -> "ok " + b64(stringify(JSON.parse(body))) | "err " + error name
//   keys        line: b64(body)                -> b64(JSON.stringify(Object.keys(JSON.parse(body))))
//   parse-bits  line: b64(text)                -> 16 hex digits of the float64 JSON.parse(text) | "err " + name
//   numbers     file: little-endian float64s   -> String(x), one per line
//   hmac        line: b64 fields secret method path requestId body bodyKind(json|get|empty), space separated
//                                               -> hex HMAC-SHA256(secret, method + path + requestId + stringify(...))
const fs = require('fs');
const crypto = require('crypto');
const stringify = require('json-stable-stringify');

const [mode, inFile, outFile] = process.argv.slice(2);
const decode = (b64) => Buffer.from(b64, 'base64').toString('utf16le');
const encode = (s) => Buffer.from(s, 'utf16le').toString('base64');
const lines = () => {
  const text = fs.readFileSync(inFile, 'latin1');
  const all = text.split('\n');
  if (all[all.length - 1] === '') all.pop();
  return all;
};

const out = [];
switch (mode) {
  case 'canonical':
    for (const line of lines()) {
      let value;
      try {
        value = JSON.parse(decode(line));
      } catch (e) {
        out.push('err ' + e.name);
        continue;
      }
      out.push('ok ' + encode(stringify(value)));
    }
    break;
  case 'keys':
    for (const line of lines()) {
      out.push(encode(JSON.stringify(Object.keys(JSON.parse(decode(line))))));
    }
    break;
  case 'parse-bits': {
    const view = new DataView(new ArrayBuffer(8));
    for (const line of lines()) {
      let x;
      try {
        x = JSON.parse(decode(line));
      } catch (e) {
        out.push('err ' + e.name);
        continue;
      }
      if (typeof x !== 'number') {
        out.push('err not-a-number');
        continue;
      }
      view.setFloat64(0, x);
      out.push(view.getBigUint64(0).toString(16).padStart(16, '0'));
    }
    break;
  }
  case 'numbers': {
    const buf = fs.readFileSync(inFile);
    for (let i = 0; i + 8 <= buf.length; i += 8) {
      out.push(String(buf.readDoubleLE(i)));
    }
    break;
  }
  case 'hmac':
    for (const line of lines()) {
      const [secret, method, path, requestId, body, kind] = line.split(' ').map(decode);
      let canonical;
      if (kind === 'json') canonical = stringify(JSON.parse(body));
      else if (kind === 'get') canonical = stringify('');
      else if (kind === 'empty') canonical = '';
      else throw new Error('unknown body kind');
      const payload = method + path + requestId + canonical;
      out.push(crypto.createHmac('sha256', secret).update(payload).digest('hex'));
    }
    break;
  default:
    throw new Error('unknown mode ' + mode);
}
out.push('');
fs.writeFileSync(outFile, out.join('\n'), 'latin1');
