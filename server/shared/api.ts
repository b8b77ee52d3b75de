// JSON routes are declared, not coded: access, input schemas and documentation in one object. The same
// declarations build the OpenAPI document (server/shared/openapi.ts), so the docs cannot drift from the code.
import express, { type Request, type RequestHandler, type Response } from 'express';
import type Joi from 'joi';
import { accessOf } from './auth/access';
import { check } from './validate';

export type HttpMethod = 'get' | 'post' | 'patch' | 'put' | 'delete';

export interface ApiInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  req: Request;
  res: Response;
}

export interface ApiRouteSpec<P = Record<string, never>, Q = Record<string, never>, B = Record<string, never>> {
  method: HttpMethod;
  /** Express path relative to the router, e.g. '/provinces/:code/communes' */
  path: string;
  /** requirePermission('…') or publicRoute() */
  access: RequestHandler;
  operationId: string;
  summary: string;
  tag: string;
  params?: Joi.ObjectSchema<P>;
  query?: Joi.ObjectSchema<Q>;
  body?: Joi.ObjectSchema<B>;
  /**
   * the request body as the OpenAPI document gives it, when it says more than `body` (a workflow action's input
   * keyed by `action`); `body` still validates at the edge
   */
  bodyDoc?: () => { schema: Record<string, unknown>; components?: Record<string, Record<string, unknown>> };
  /** documentation of the `data` member of a success response */
  response?: Joi.Schema;
  /** success status (default 200) */
  status?: number;
  /** middleware run after the access check and before validation (e.g. a rate limiter) */
  before?: RequestHandler[];
  /** error statuses this operation can answer besides the generic ones */
  errors?: number[];
  handler: (input: ApiInput<P, Q, B>) => Promise<unknown>;
}

export interface RegisteredOperation {
  method: HttpMethod;
  path: string; // full Express path
  spec: ApiRouteSpec<unknown, unknown, unknown>;
}

export const operations: RegisteredOperation[] = [];

/** A router under `prefix` whose routes are declared with `define`. */
export function apiRouter(prefix: string) {
  const router = express.Router();
  function define<P, Q, B>(spec: ApiRouteSpec<P, Q, B>): void {
    if (!accessOf(spec.access))
      throw new Error(`${spec.operationId}: access must be requirePermission() or publicRoute()`);
    const full = prefix + spec.path;
    if (!operations.some((o) => o.method === spec.method && o.path === full)) {
      operations.push({ method: spec.method, path: full, spec: spec as ApiRouteSpec<unknown, unknown, unknown> });
    }
    router[spec.method](full, spec.access, ...(spec.before ?? []), async (req, res) => {
      const input: ApiInput<P, Q, B> = {
        params: spec.params ? check(spec.params, req.params) : ({} as P),
        query: spec.query ? check(spec.query, req.query) : ({} as Q),
        body: spec.body ? check(spec.body, req.body ?? {}) : ({} as B),
        req,
        res,
      };
      const result = await spec.handler(input);
      if (!res.headersSent) {
        if (result === undefined) res.status(spec.status ?? 204).end();
        else res.status(spec.status ?? 200).json(result);
      }
    });
  }
  return { router, define };
}
