// Bearer tokens in the bench: minted for the scenarios exactly as the app issues them, and checked for the bare
// baseline's handlers (bench/baseline.ts, bench/baseline-cases.ts) as passport-jwt + actorForToken do: the same JWT
// verification and the same token-version SELECT.
import crypto from 'node:crypto';
import type { Request } from 'express';
import jwt from 'jsonwebtoken';
import type pg from 'pg';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface TokenUser {
  id: string;
  role: string;
  agency_id: string | null;
  province_code: string | null;
}

const JWT_OPTIONS: jwt.VerifyOptions & { complete?: false } = {
  algorithms: ['HS256'],
  issuer: 'hanh-trang',
  audience: 'hanh-trang',
};
// A KeyObject made once: given a string, jsonwebtoken.verify first tries crypto.createPublicKey on it, which
// throws (an HMAC secret is no PEM key) on every request, about 15 % of a request's CPU.
let jwtKey: crypto.KeyObject | null = null;

/** Verifies the bearer JWT, then the token-version lookup (server/modules/users/users.service.ts actorForToken). */
export async function tokenUser(req: Request, db: pg.Pool): Promise<TokenUser> {
  const header = req.headers.authorization;
  const token = header?.startsWith('Bearer ') ? header.slice(7) : null;
  if (!token) throw new HttpError(401, 'no token');
  let payload: jwt.JwtPayload;
  try {
    jwtKey ??= crypto.createSecretKey(Buffer.from(process.env.JWT_SECRET!));
    payload = jwt.verify(token, jwtKey, JWT_OPTIONS) as jwt.JwtPayload;
  } catch {
    throw new HttpError(401, 'bad token');
  }
  if (payload.typ !== 'access' || !/^\d+$/.test(String(payload.sub))) throw new HttpError(401, 'bad token');
  const { rows } = await db.query<TokenUser>(
    `SELECT id, username, display_name, role, agency_id, branch_id, commune_code, province_code, worker_id
     FROM users WHERE id = $1 AND active AND token_version = $2`,
    [Number(payload.sub), payload.tv],
  );
  if (!rows[0]) throw new HttpError(401, 'revoked');
  return rows[0];
}

/**
 * The Authorization header of a token minted as server/modules/auth/auth.tokens.ts issueToken does: HS256,
 * iss/aud 'hanh-trang', sub = user id, { tv: token_version, typ: 'access' }, one hour.
 */
export function bearerHeaders(
  secret: string,
  user: { id: string | number; token_version: number },
): Record<string, string> {
  const iat = Math.floor(Date.now() / 1000);
  const token = jwt.sign({ tv: user.token_version, typ: 'access', iat }, secret, {
    algorithm: 'HS256',
    subject: String(user.id),
    issuer: 'hanh-trang',
    audience: 'hanh-trang',
    expiresIn: 3600,
  });
  return { authorization: `Bearer ${token}` };
}
