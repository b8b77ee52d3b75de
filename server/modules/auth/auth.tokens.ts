// JWT HS256 access tokens: iss, aud, exp ≤ 1 h and a token-version claim checked against the user, so logout
// and a password change revoke every earlier token.
import crypto from 'node:crypto';
import jwt from 'jsonwebtoken';
import passport from 'passport';
import { ExtractJwt, Strategy as JwtStrategy } from 'passport-jwt';
import type { Request, RequestHandler } from 'express';
import { config } from '../../config';
import { now } from '../../shared/clock';
import type { Actor } from '../../shared/auth/permissions';
import { SESSION_COOKIE, clearSessionCookie, setSessionCookie } from '../../shared/auth/session-cookie';
import { actorForToken } from '../users';

export interface TokenPayload {
  sub: string;
  tv: number;
  typ: 'access';
  iat: number;
  exp: number;
}

export function issueToken(user: { id: number; tokenVersion: number }): string {
  const { secret, issuer, audience, ttlSeconds } = config().jwt;
  const iat = Math.floor(now().getTime() / 1000);
  return jwt.sign({ tv: user.tokenVersion, typ: 'access', iat }, secret, {
    algorithm: 'HS256',
    subject: String(user.id),
    issuer,
    audience,
    expiresIn: ttlSeconds,
  });
}

const fromCookie = (req: Request): string | null => {
  const v = req.cookies?.[SESSION_COOKIE];
  return typeof v === 'string' && v ? v : null;
};

/**
 * A token we issued has an `exp` at most the configured lifetime after its `iat`, and an `iat` not in the future.
 * jsonwebtoken accepts a token without `exp` forever: one signed with a leaked key, or by an older version with a
 * longer lifetime, must not be.
 */
export function lifetimeIsSound(payload: { iat?: unknown; exp?: unknown }): boolean {
  const { iat, exp } = payload;
  if (typeof iat !== 'number' || typeof exp !== 'number' || !Number.isInteger(iat) || !Number.isInteger(exp))
    return false;
  const nowSeconds = Math.floor(now().getTime() / 1000);
  return iat <= nowSeconds && exp > iat && exp - iat <= config().jwt.ttlSeconds;
}

let installed = false;

function installStrategy(): void {
  if (installed) return;
  // Expiry is judged by the one injected clock, like every other date in the app (tests can move time).
  (JwtStrategy as unknown as { JwtVerifier: unknown }).JwtVerifier = (
    token: string,
    key: string,
    options: jwt.VerifyOptions,
    done: jwt.VerifyCallback,
  ) => jwt.verify(token, key, { ...options, clockTimestamp: Math.floor(now().getTime() / 1000) }, done);
  const { secret, issuer, audience } = config().jwt;
  passport.use(
    new JwtStrategy(
      {
        jwtFromRequest: ExtractJwt.fromExtractors([ExtractJwt.fromAuthHeaderAsBearerToken(), fromCookie]),
        // NOTE: a KeyObject made once: given a string, jsonwebtoken first tries (and fails) to parse it as a public key
        // on every request, 15 % of the CPU of a request (bench/RESULTS.md).
        secretOrKey: crypto.createSecretKey(Buffer.from(secret)) as unknown as string,
        issuer,
        audience,
        algorithms: ['HS256'], // never 'none', never a key confusion
      },
      (payload: TokenPayload, done: (err: unknown, user?: unknown) => void) => {
        if (payload.typ !== 'access' || !/^\d+$/.test(String(payload.sub)) || !lifetimeIsSound(payload))
          return done(null, false);
        actorForToken(Number(payload.sub), payload.tv)
          .then((actor) => done(null, actor ? { actor, payload } : false))
          .catch(done);
      },
    ),
  );
  installed = true;
}

/** Sets req.actor when the request carries a valid token; never rejects by itself (routes do, by permission). */
export function authenticate(): RequestHandler {
  installStrategy();
  return (req, res, next) => {
    const viaCookie = !req.headers.authorization && Boolean(fromCookie(req));
    if (!req.headers.authorization && !viaCookie) return next();
    passport.authenticate(
      'jwt',
      { session: false },
      (err: unknown, found: { actor: Actor; payload: TokenPayload } | false) => {
        if (err) return next(err);
        if (!found) {
          if (viaCookie) clearSessionCookie(res);
          return next();
        }
        req.actor = found.actor;
        // Re-issue the cookie once more than half its life has passed, so nobody is logged out mid-form.
        const age = Math.floor(now().getTime() / 1000) - found.payload.iat;
        if (viaCookie && age > config().jwt.ttlSeconds / 2) {
          setSessionCookie(res, issueToken({ id: found.actor.userId, tokenVersion: found.payload.tv }));
        }
        next();
      },
    )(req, res, next);
  };
}
