import { parseArgs } from 'node:util';
import { SimSetupError } from '../platform-client.ts';
import { SIM_DEFAULTS } from '../run.ts';
import { setUpBleSite } from './setup.ts';

const USAGE = `Sets up a demo BLE Tracking site through the client API.

  npm run sim:ble-site -- --email E --password P [--url URL] [--location NAME]

  --email, --password   an owner or admin of an organization with BLE Tracking (its receivers are placed)
  --url URL             platform HTTP base URL (default ${SIM_DEFAULTS.url})
  --location NAME       the location's name (default "Демо-магазин")
`;

const { values } = parseArgs({
  options: { url: { type: 'string', default: SIM_DEFAULTS.url }, email: { type: 'string' }, password: { type: 'string' }, location: { type: 'string' }, help: { type: 'boolean' } },
});
if (values.help || !values.email || !values.password) {
  process.stdout.write(USAGE);
  process.exit(values.help ? 0 : 2);
}
try {
  const site = await setUpBleSite({ url: values.url, email: values.email, password: values.password, location: values.location });
  process.stdout.write(
    `BLE site ready: location ${site.locationId}, plan ${site.planId} (${values.url}/ble/plans/${site.planId}), ${site.receivers.length} receivers placed, ${site.zones} zones, ${site.tags} tags\n`,
  );
} catch (err) {
  if (!(err instanceof SimSetupError)) throw err;
  process.stderr.write(`${err.message}\n  → ${err.hint}\n`);
  process.exit(1);
}
