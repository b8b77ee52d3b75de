// OpenAPI 3 built from the declared routes and their Joi schemas (server/shared/api.ts).
import type Joi from 'joi';
import j2s from 'joi-to-swagger';
import { accessOf } from './auth/access';
import { operations } from './api';

type Json = Record<string, unknown>;

const ERROR_TEXT: Record<number, string> = {
  400: 'VALIDATION_FAILED: the input is not valid',
  401: 'UNAUTHENTICATED: no valid token',
  403: 'FORBIDDEN: the role lacks the permission',
  404: 'NOT_FOUND: no such item in your scope',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  422: 'RULES_VIOLATED: the failing verdicts',
  429: 'RATE_LIMITED',
  500: 'INTERNAL',
  503: 'SERVICE_UNAVAILABLE: the database is unreachable or busy; retry after the Retry-After seconds',
};

/**
 * joi-to-swagger writes a conditional (`.when(…)`) as a `oneOf` of its branches marked `"x-required"`: the
 * branches overlap (a date is both 'a date' and 'a date or null'), so no value matches exactly one, and no
 * validator knows the marker. They become an `anyOf` of the branches (dropped when one branch accepts anything);
 * the condition itself is checked by the server and said in the field's description.
 */
function tidy(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(tidy);
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node as Json)) out[k] = tidy(v);
  const oneOf = out.oneOf as Json[] | undefined;
  if (Array.isArray(oneOf) && oneOf.some((x) => 'x-required' in x)) {
    const branches = oneOf.map(({ 'x-required': _marker, ...rest }) => rest);
    delete out.oneOf;
    if (!branches.some((b) => Object.keys(b).length === 0)) out.anyOf = branches;
  }
  // a Joi.object() with no keys accepts any keys; joi-to-swagger says it accepts none
  if (
    out.type === 'object' &&
    out.additionalProperties === false &&
    (!out.properties || Object.keys(out.properties as Json).length === 0)
  ) {
    delete out.additionalProperties;
  }
  return out;
}

const toSchema = (s: Joi.Schema): Json => tidy(j2s(s).swagger) as Json;

function parameters(where: 'path' | 'query', schema: Joi.ObjectSchema | undefined): Json[] {
  if (!schema) return [];
  const obj = toSchema(schema) as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(obj.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || (obj.required ?? []).includes(name),
    schema: s,
  }));
}

interface ActionDoc {
  action: string;
  label: string;
  input?: Joi.ObjectSchema;
}

/**
 * A workflow action request documented as one schema per action (`oneOf`, discriminated by `action`), each with
 * that action's own input schema: generated from the workflow table, so the document says what the engine checks.
 */
export function actionBodyDoc(
  prefix: string,
  actions: readonly ActionDoc[],
  envelope: Record<string, Json>,
  required: string[],
) {
  const components: Record<string, Json> = {};
  const mapping: Record<string, string> = {};
  for (const a of actions) {
    const name = `${prefix}_${a.action}`;
    const input = a.input ? toSchema(a.input) : { type: 'object', properties: {}, additionalProperties: false };
    const needsInput = Array.isArray(input.required) && input.required.length > 0;
    components[name] = {
      type: 'object',
      title: a.label,
      required: ['action', ...required, ...(needsInput ? ['input'] : [])],
      properties: { action: { type: 'string', enum: [a.action] }, input, ...envelope },
      additionalProperties: false,
    };
    mapping[a.action] = `#/components/schemas/${name}`;
  }
  return {
    schema: {
      oneOf: Object.values(mapping).map(($ref) => ({ $ref })),
      discriminator: { propertyName: 'action', mapping },
    },
    components,
  };
}

export function buildOpenApi(serverUrl = '/'): Json {
  const paths: Record<string, Record<string, Json>> = {};
  const extraSchemas: Record<string, Json> = {};
  for (const { method, path, spec } of operations) {
    const oaPath = path.replace(/:([A-Za-z_]+)/g, '{$1}');
    const access = accessOf(spec.access);
    const isPublic = access?.kind === 'public';
    const statuses = new Set<number>([500, 503, 429, ...(spec.errors ?? [])]);
    if (spec.params || spec.query || spec.body) statuses.add(400);
    if (spec.params) statuses.add(404);
    if (spec.body) statuses.add(413);
    if (!isPublic) {
      statuses.add(401);
      statuses.add(403);
    }
    const responses: Record<string, Json> = {
      [String(spec.status ?? 200)]: {
        description: 'OK',
        content: {
          'application/json': {
            schema: spec.response
              ? { type: 'object', properties: { data: toSchema(spec.response) } }
              : { type: 'object' },
          },
        },
      },
    };
    for (const s of [...statuses].sort()) {
      responses[String(s)] = {
        description: ERROR_TEXT[s] ?? 'Error',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      };
    }
    const op: Json = {
      operationId: spec.operationId,
      summary: spec.summary,
      tags: [spec.tag],
      security: isPublic ? [] : [{ bearerAuth: [] }],
      parameters: [...parameters('path', spec.params), ...parameters('query', spec.query)],
      responses,
    };
    if (access?.kind === 'permission') op['x-permission'] = access.permission;
    if (spec.bodyDoc) {
      const doc = spec.bodyDoc();
      Object.assign(extraSchemas, doc.components ?? {});
      op.requestBody = { required: true, content: { 'application/json': { schema: doc.schema } } };
    } else if (spec.body)
      op.requestBody = { required: true, content: { 'application/json': { schema: toSchema(spec.body) } } };
    (paths[oaPath] ??= {})[method] = op;
  }
  const tags = [...new Set(operations.map((o) => o.spec.tag))].sort().map((name) => ({ name, description: name }));
  return {
    openapi: '3.0.3',
    info: {
      title: 'Hành Trang API',
      version: '1.0.0',
      description:
        'Quản lý hồ sơ người lao động đi làm việc ở nước ngoài theo hợp đồng. Errors: { error: { code, message, details? } }.',
      license: { name: 'Proprietary' },
    },
    servers: [{ url: serverUrl }],
    tags,
    security: [{ bearerAuth: [] }],
    paths,
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'POST /api/v1/auth/login returns the token',
        },
      },
      schemas: {
        ...extraSchemas,
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: {
                  type: 'string',
                  enum: [
                    'VALIDATION_FAILED',
                    'UNAUTHENTICATED',
                    'FORBIDDEN',
                    'NOT_FOUND',
                    'CONFLICT',
                    'PAYLOAD_TOO_LARGE',
                    'RULES_VIOLATED',
                    'RATE_LIMITED',
                    'SERVICE_UNAVAILABLE',
                    'INTERNAL',
                  ],
                },
                message: { type: 'string' },
                details: {},
              },
            },
          },
        },
      },
    },
  };
}
