// Session tickets (issue 22): a short random part, stored on the registration, and a signature computed from it, never
// stored. The code printed on the slip and shown in the portal is `XXXX-XXXX-XXXX`: 8 random characters and 4 of
// HMAC-SHA256(session id, random part) under a key derived (HKDF-SHA256) from the server's document signing key, in an
// alphabet without the look-alikes I and O (A–Z minus I, O, and 2–9: 32 characters, 5 bits each). A code is checked
// against the session it is shown at before anything is looked up: a forged code, or a ticket of another session,
// is refused without touching the database. Tickets are not stored documents (no number, no PDF).
// Rotating DOCUMENT_SIGNING_KEY changes the key: the slips printed before it no longer check in by code (by CCCD or
// name they still do).
import crypto from 'node:crypto';
import { config } from '../../config';

export const TICKET_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const RANDOM_LENGTH = 8;
const SIGNATURE_LENGTH = 4;
export const CODE_LENGTH = RANDOM_LENGTH + SIGNATURE_LENGTH;

let key: Buffer | null = null;
let keyOf: string | null = null;

/** The tickets' HMAC key, derived once from the document signing key (a different key for a different purpose). */
function ticketKey(): Buffer {
  const secret = config().documents.signingKey;
  if (!key || keyOf !== secret) {
    key = Buffer.from(crypto.hkdfSync('sha256', Buffer.from(secret, 'base64'), 'hanh-trang', 'session-ticket/v1', 32));
    keyOf = secret;
  }
  return key;
}

/** A new random part: 8 characters of the alphabet (40 bits). */
export function newTicket(): string {
  const bytes = crypto.randomBytes(RANDOM_LENGTH);
  let out = '';
  for (const b of bytes) out += TICKET_ALPHABET[b & 31];
  return out;
}

/** The signature of a random part at a session: 4 characters (20 bits) of its HMAC. */
export function ticketSignature(sessionId: number, ticket: string): string {
  const mac = crypto.createHmac('sha256', ticketKey()).update(`${sessionId}:${ticket}`).digest();
  // 4 × 5 bits from the first 3 bytes
  const bits = (mac[0] << 16) | (mac[1] << 8) | mac[2];
  let out = '';
  for (let i = 0; i < SIGNATURE_LENGTH; i += 1) out += TICKET_ALPHABET[(bits >> (19 - i * 5)) & 31];
  return out;
}

/** The code as printed: K7Q2-MX4P-9RTA. */
export function ticketCode(sessionId: number, ticket: string): string {
  const all = ticket + ticketSignature(sessionId, ticket);
  return `${all.slice(0, 4)}-${all.slice(4, 8)}-${all.slice(8)}`;
}

/** What was typed, as a code's 12 characters: dashes and spaces dropped, upper case; null when it is not that shape. */
export function normaliseCode(typed: string): string | null {
  const t = typed
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-–—.]/g, '');
  if (t.length !== CODE_LENGTH) return null;
  for (const ch of t) if (!TICKET_ALPHABET.includes(ch)) return null;
  return t;
}

/**
 * Checks a typed code against a session: its random part when the signature is this session's, else null (a forged
 * code, a mistyped one, or another session's ticket). Constant-time comparison; no lookup.
 */
export function verifyCode(sessionId: number, typed: string): string | null {
  const t = normaliseCode(typed);
  if (!t) return null;
  const random = t.slice(0, RANDOM_LENGTH);
  const expected = Buffer.from(ticketSignature(sessionId, random));
  const given = Buffer.from(t.slice(RANDOM_LENGTH));
  return crypto.timingSafeEqual(expected, given) ? random : null;
}
