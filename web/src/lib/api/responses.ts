import type { paths } from './schema.d.ts';

/**
 * The JSON a call of `P` with `M` answers with 200, straight from the generated OpenAPI types: a
 * wrapper like `{ plans: Plan[] }` is never typed by hand, so it cannot drift from the server.
 */
export type JsonOf<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { responses: { 200: { content: { 'application/json': infer T } } } } ? T : never;
