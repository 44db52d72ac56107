import t from 'tap';
import { startTestPlatform } from '../helpers/platform.ts';
import { startDebianPostgres } from '../helpers/postgres-server.ts';

const server = await startDebianPostgres(t);
t.comment(`Debian PostgreSQL ${server.version}`);

t.test('the platform migrates and serves on an external PostgreSQL server (Debian\'s package) through DATABASE_URL', async (t) => {
  const p = await startTestPlatform(t, { DATABASE_URL: server.url, JWT_SECRET: 'x'.repeat(40) });
  t.equal(p.platform.pg.embedded, false);
  const token = await p.adminToken();
  const org = await p.api('POST', '/superadmin/organizations', { token, body: { name: 'Outside', products: ['wifi'] } });
  t.equal(org.status, 201);
});
