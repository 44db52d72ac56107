import { readFile } from 'node:fs/promises';
import t from 'tap';
import { API_TYPES_FILE, apiTypes } from '../../bin/api-types.ts';

t.test('the web app’s API types are the ones generated from the server’s OpenAPI document', async (t) => {
  const committed = await readFile(API_TYPES_FILE, 'utf8');
  // On failure: run `npm run gen:api-types` and commit web/src/lib/api/schema.d.ts.
  t.ok(committed === (await apiTypes()), 'web/src/lib/api/schema.d.ts is current');
});
