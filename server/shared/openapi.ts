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
};

const toSchema = (s: Joi.Schema): Json => j2s(s).swagger as Json;

function parameters(where: 'path' | 'query', schema: Joi.ObjectSchema | undefined): Json[] {
  if (!schema) return [];
  const obj = toSchema(schema) as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(obj.properties ?? {}).map(([name, s]) => ({
    name, in: where, required: where === 'path' || (obj.required ?? []).includes(name), schema: s,
  }));
}

export function buildOpenApi(serverUrl = '/'): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const { method, path, spec } of operations) {
    const oaPath = path.replace(/:([A-Za-z_]+)/g, '{$1}');
    const access = accessOf(spec.access);
    const isPublic = access?.kind === 'public';
    const statuses = new Set<number>([500, 429, ...(spec.errors ?? [])]);
    if (spec.params || spec.query || spec.body) statuses.add(400);
    if (spec.params) statuses.add(404);
    if (spec.body) statuses.add(413);
    if (!isPublic) { statuses.add(401); statuses.add(403); }
    const responses: Record<string, Json> = {
      [String(spec.status ?? 200)]: {
        description: 'OK',
        content: { 'application/json': { schema: spec.response ? { type: 'object', properties: { data: toSchema(spec.response) } } : { type: 'object' } } },
      },
    };
    for (const s of [...statuses].sort()) {
      responses[String(s)] = { description: ERROR_TEXT[s] ?? 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
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
    if (spec.body) op.requestBody = { required: true, content: { 'application/json': { schema: toSchema(spec.body) } } };
    (paths[oaPath] ??= {})[method] = op;
  }
  const tags = [...new Set(operations.map((o) => o.spec.tag))].sort().map((name) => ({ name, description: name }));
  return {
    openapi: '3.0.3',
    info: {
      title: 'Hành Trang API',
      version: '1.0.0',
      description: 'Quản lý hồ sơ người lao động đi làm việc ở nước ngoài theo hợp đồng. Errors: { error: { code, message, details? } }.',
      license: { name: 'Proprietary' },
    },
    servers: [{ url: serverUrl }],
    tags,
    security: [{ bearerAuth: [] }],
    paths,
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'POST /api/v1/auth/login returns the token' },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: { type: 'string', enum: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'PAYLOAD_TOO_LARGE', 'RULES_VIOLATED', 'RATE_LIMITED', 'INTERNAL'] },
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
