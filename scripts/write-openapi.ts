// Writes the OpenAPI document built from the declared routes, for `npm run lint:openapi` (redocly lint).
import fs from 'node:fs';
import path from 'node:path';
import '../server/app';
import { buildOpenApi } from '../server/shared/openapi';

const out = path.resolve(process.argv[2] ?? '.data/openapi.json');
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, JSON.stringify(buildOpenApi('http://localhost:3000'), null, 2));
process.stdout.write(`wrote ${out}\n`);
