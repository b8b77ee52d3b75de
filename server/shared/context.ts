// One request context, carried in AsyncLocalStorage: the request id, the client address, the actor and the
// transaction in progress (ARCHITECTURE.md, Services). Every query helper reads the transaction from here:
// Sequelize through its CLS hook (server/db/sequelize.ts), the plain statements of server/db/sql.ts directly.
// A guard or hook inside a transition therefore cannot run a query on a second pooled connection while the
// transition holds the first (ten such transitions used to hold every connection and wait for an eleventh).
import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import type { RequestHandler } from 'express';
import type { Transaction } from 'sequelize';
import type { Actor } from './auth/permissions';

export interface RequestContext {
  requestId: string | null;
  /** the client address (Express's req.ip, after TRUST_PROXY) */
  address: string | null;
  actor: Actor | null;
  transaction: Transaction | null;
  /** 'GET /api/v1/workers/:id' as requested (method and path, no query), for the access log */
  route: string | null;
}

const storage = new AsyncLocalStorage<RequestContext>();

const EMPTY: RequestContext = Object.freeze({
  requestId: null,
  address: null,
  actor: null,
  transaction: null,
  route: null,
});

/** The context of the code running now (an empty one outside any request or job). */
export function currentContext(): RequestContext {
  return storage.getStore() ?? EMPTY;
}

export function currentTransaction(): Transaction | undefined {
  return storage.getStore()?.transaction ?? undefined;
}

/** Runs fn in a new context (a request, a job, a test), inheriting nothing but what is given. */
export function runInContext<T>(ctx: Partial<RequestContext>, fn: () => T): T {
  return storage.run({ ...EMPTY, ...ctx }, fn);
}

/**
 * The namespace Sequelize's CLS support asks for (Sequelize.useCLS): `run` opens a child context for a
 * transaction callback (the request's fields inherited), `set('transaction')` records the transaction there and
 * `get('transaction')` is read by every query that was given none. The child ends with the callback, so the
 * request's own context never sees a finished transaction.
 */
export const sequelizeNamespace = {
  get(key: string): unknown {
    return key === 'transaction' ? (storage.getStore()?.transaction ?? undefined) : undefined;
  },
  set(key: string, value: unknown): void {
    const store = storage.getStore();
    if (store && key === 'transaction') store.transaction = (value as Transaction | null) ?? null;
  },
  run<T>(fn: (ctx: RequestContext) => T): T {
    const child: RequestContext = { ...currentContext() };
    return storage.run(child, () => fn(child));
  },
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  bind<F extends (...args: any[]) => any>(fn: F): F {
    return AsyncResource.bind(fn) as unknown as F;
  },
};

/**
 * Opens the request's context once the body is parsed and the actor known (the last middleware before the
 * routes): continuations of everything a route awaits keep it.
 */
export const requestContext: RequestHandler = (req, _res, next) => {
  runInContext(
    {
      requestId: req.id === undefined ? null : String(req.id),
      address: req.ip ?? null,
      actor: req.actor ?? null,
      route: `${req.method} ${req.originalUrl.split('?')[0].slice(0, 300)}`,
    },
    next,
  );
};
