import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import type { ApiContext } from '../api/context.ts';
import { createOpenApiRegistry, generateOpenApiDocument } from '../api/http/openapi.ts';
import { ApiRouter } from '../api/http/router.ts';
import { registerRoutes } from '../api/routes/index.ts';
import { loadConfig } from '../core/config.ts';

/** Where the web app reads the API's types from (checked in; test/web/api-types.test.ts keeps it current). */
export const API_TYPES_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'web', 'src', 'lib', 'api', 'schema.d.ts');

const HEADER = `/**
 * The HTTP API's types, generated from the OpenAPI document the server serves (/api/v1/openapi.json)
 * by openapi-typescript. Do not edit: run \`npm run gen:api-types\` after changing a route's schemas.
 */
`;

/**
 * The OpenAPI document without a running platform: routes only read the configuration while they are
 * registered (stores are used by handlers, which never run here).
 */
export function apiDocument() {
  const registry = createOpenApiRegistry();
  const router = new ApiRouter(registry, async () => undefined, async () => undefined);
  registerRoutes(router, { config: loadConfig({}) } as ApiContext);
  return generateOpenApiDocument(registry);
}

/** The TypeScript declarations of the API's schemas and paths. */
export async function apiTypes(): Promise<string> {
  const ast = await openapiTS(apiDocument() as Parameters<typeof openapiTS>[0]);
  return HEADER + astToString(ast);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await writeFile(API_TYPES_FILE, await apiTypes());
  console.log(`wrote ${path.relative(process.cwd(), API_TYPES_FILE)}`);
}
