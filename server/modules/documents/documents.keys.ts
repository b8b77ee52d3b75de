// Ed25519 keys of the documents' QR codes. One signing key per deployment (the operator signs for every issuer it
// hosts), named by a key id (the first 8 hex digits of the SHA-256 of its public key). Rotation adds a key: retired
// public keys stay published, so documents signed with them still verify offline and online.
import crypto from 'node:crypto';
import { config } from '../../config';

const b64url = (b: Buffer) => b.toString('base64url');

interface Key {
  kid: string;
  publicKey: crypto.KeyObject;
  spki: Buffer;
}

let cache: { signing: crypto.KeyObject; current: Key; all: Map<string, Key> } | null = null;
/** Tests only: keys other than the configuration's (a rotation), or null for the configuration's again. */
let override: { signingKey: string; retiredPublicKeys: string[] } | null = null;
export function useKeys(keys: { signingKey: string; retiredPublicKeys: string[] } | null): void {
  override = keys;
  cache = null;
}

const keyOf = (publicKey: crypto.KeyObject): Key => {
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  return { kid: crypto.createHash('sha256').update(spki).digest('hex').slice(0, 8), publicKey, spki };
};

function keys() {
  if (cache) return cache;
  const { signingKey, retiredPublicKeys } = override ?? config().documents;
  const signing = crypto.createPrivateKey({ key: Buffer.from(signingKey, 'base64'), format: 'der', type: 'pkcs8' });
  const current = keyOf(crypto.createPublicKey(signing));
  const all = new Map<string, Key>([[current.kid, current]]);
  for (const k of retiredPublicKeys) {
    const key = keyOf(crypto.createPublicKey({ key: Buffer.from(k, 'base64'), format: 'der', type: 'spki' }));
    all.set(key.kid, key);
  }
  cache = { signing, current, all };
  return cache;
}

export const currentKeyId = () => keys().current.kid;

/** The published keys (`/.well-known/hanhtrang-keys.json`): the current one first, retired ones after it. */
export function publishedKeys() {
  const { current, all } = keys();
  return {
    issuer: 'Hành Trang',
    algorithm: 'Ed25519',
    format:
      'payload = base64url(JSON), signature = base64url(Ed25519(payload bytes as ASCII)); QR: /verify/<code>?p=<payload>.<signature>',
    keys: [...all.values()].map((k) => ({ kid: k.kid, publicKey: b64url(k.spki), current: k.kid === current.kid })),
  };
}

/** What the QR carries, besides the URL's code. */
export interface QrPayload {
  v: 1;
  /** verification code */
  c: string;
  /** template */
  t: string;
  /** number as printed */
  n: string;
  /** issue date */
  d: string;
  /** holder's name */
  h: string | null;
  /** key id */
  k: string;
  /** SHA-256 of the canonical data snapshot (its first 16 bytes, base64url) */
  s: string;
}

/** Signs a payload with the current key: "<payload>.<signature>". */
export function signPayload(p: Omit<QrPayload, 'k' | 'v'>): { token: string; kid: string } {
  const { signing, current } = keys();
  const payload = b64url(Buffer.from(JSON.stringify({ v: 1, ...p, k: current.kid })));
  const sig = crypto.sign(null, Buffer.from(payload, 'ascii'), signing);
  return { token: `${payload}.${b64url(sig)}`, kid: current.kid };
}

/** Checks a "<payload>.<signature>" against the published keys: the payload when the signature holds, else null. */
export function verifyToken(token: string): QrPayload | null {
  const m = /^([A-Za-z0-9_-]{10,2000})\.([A-Za-z0-9_-]{80,90})$/.exec(token);
  if (!m) return null;
  let p: QrPayload;
  try {
    p = JSON.parse(Buffer.from(m[1], 'base64url').toString('utf8')) as QrPayload;
  } catch {
    return null;
  }
  const key = typeof p?.k === 'string' ? keys().all.get(p.k) : undefined;
  if (!key) return null;
  const ok = crypto.verify(null, Buffer.from(m[1], 'ascii'), key.publicKey, Buffer.from(m[2], 'base64url'));
  return ok ? p : null;
}
