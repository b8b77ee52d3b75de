// Every route declares who may call it: requirePermission('…') or publicRoute(). The app refuses to start
// when a route declares neither (assertEveryRouteDeclaresAccess), so no route is open by omission.
import type { Application, Request, RequestHandler, Router } from 'express';
import { ForbiddenError, UnauthenticatedError } from '../errors';
import { roleHas, type Actor, type Permission } from './permissions';

export type Access = { kind: 'public' } | { kind: 'permission'; permission: Permission };
const ACCESS = Symbol.for('hanh-trang.access');
type Tagged = RequestHandler & { [ACCESS]?: Access };

function tag(handler: RequestHandler, access: Access): RequestHandler {
  (handler as Tagged)[ACCESS] = access;
  return handler;
}

export function accessOf(handler: unknown): Access | undefined {
  return typeof handler === 'function' ? (handler as Tagged)[ACCESS] : undefined;
}

export function publicRoute(): RequestHandler {
  return tag((_req, _res, next) => next(), { kind: 'public' });
}

/** Checked before input validation: 401 without a valid token, 403 when the role lacks the permission. */
export function requirePermission(permission: Permission): RequestHandler {
  return tag(
    (req, _res, next) => {
      if (!req.actor) return next(new UnauthenticatedError());
      if (!roleHas(req.actor.role, permission)) return next(new ForbiddenError());
      next();
    },
    { kind: 'permission', permission },
  );
}

/** The signed-in actor of a route that required a permission. */
export function actorOf(req: Request): Actor {
  if (!req.actor) throw new UnauthenticatedError();
  return req.actor;
}

export interface DeclaredRoute {
  method: string;
  path: string;
  access: Access | undefined;
}

interface LayerLike {
  route?: { path: string; methods: Record<string, boolean>; stack: { handle: unknown }[] };
  handle?: { stack?: LayerLike[] };
  rawPath?: unknown;
}

/** Every route of the app, read from the router itself, with the access its first handler declares. */
export function listRoutes(app: Application): DeclaredRoute[] {
  const out: DeclaredRoute[] = [];
  const walk = (stack: LayerLike[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const access = accessOf(layer.route.stack[0]?.handle);
        for (const method of Object.keys(layer.route.methods)) {
          if (method === '_all') continue;
          out.push({ method: method.toUpperCase(), path: prefix + layer.route.path, access });
        }
      } else if (layer.handle?.stack) {
        const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
        walk(layer.handle.stack, prefix + mount);
      }
    }
  };
  walk(((app as unknown as { router: Router }).router as unknown as { stack: LayerLike[] }).stack, '');
  return out;
}

export function assertEveryRouteDeclaresAccess(app: Application): void {
  const missing = listRoutes(app).filter((r) => !r.access);
  if (missing.length) {
    throw new Error(
      `routes without requirePermission() or publicRoute():\n${missing.map((r) => `  ${r.method} ${r.path}`).join('\n')}`,
    );
  }
}
