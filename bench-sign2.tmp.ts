import { Secp256k1Keypair, verifySignature } from "@atproto/crypto";
import { secp256k1 } from "@noble/curves/secp256k1";
import { createPrivateKey, sign, createHash } from "node:crypto";
import { encode } from "@atproto/lex-cbor";
const kp = await Secp256k1Keypair.create({ exportable: true });
const priv = await kp.export();
const pub = secp256k1.getPublicKey(priv, false);
const b64u = (b: Uint8Array) => Buffer.from(b).toString("base64url");
const key = createPrivateKey({ key: { kty: "EC", crv: "secp256k1", d: b64u(priv), x: b64u(pub.slice(1, 33)), y: b64u(pub.slice(33)) }, format: "jwk" });
const N = secp256k1.CURVE.n; const half = N >> 1n;
function fastSign(msg: Uint8Array): Uint8Array {
  const sig = sign("sha256", msg, { key, dsaEncoding: "ieee-p1363" });
  const s = BigInt("0x" + sig.subarray(32).toString("hex"));
  if (s > half) { const low = N - s; sig.set(Buffer.from(low.toString(16).padStart(64, "0"), "hex"), 32); }
  return new Uint8Array(sig);
}
const n = 20000;
let t = performance.now();
const msgs = [];
for (let i = 0; i < n; i++) msgs.push(encode({ ver: 1, src: "did:web:example.com", uri: `at://did:plc:abc/app.bsky.feed.post/${i}`, val: "spam", cts: new Date().toISOString() }));
console.log("encode", (n / (performance.now() - t) * 1000).toFixed(0));
t = performance.now();
const sigs = msgs.map(fastSign);
console.log("node sign", (n / (performance.now() - t) * 1000).toFixed(0));
let ok = 0;
for (let i = 0; i < 2000; i++) if (await verifySignature(kp.did(), msgs[i], sigs[i], { allowMalleableSig: false })) ok++;
console.log("verified", ok);
