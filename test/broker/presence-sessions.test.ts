import t from 'tap';
import { applyPresence, brokersHoldingSessions, markBrokersDevicesOffline } from '../../db/repositories/device-presence.ts';
import { findDeviceById } from '../../db/repositories/devices.ts';
import { startTestStores } from '../helpers/stores.ts';
import { registerDevice } from '../ingest/fixtures.ts';

// Several brokers write presence for the same device in whatever order their flushes land.
const stores = await startTestStores(t);
const { db } = stores.pg;
const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));

t.test('an older session\'s "offline" landing after a newer session\'s "online" leaves the device online', async (t) => {
  const device = await registerDevice(db);
  await applyPresence(db, [{ deviceId: device.deviceId, online: true, session: { startedAt: at(1), broker: 'a' } }]);
  await applyPresence(db, [{ deviceId: device.deviceId, online: true, session: { startedAt: at(5), broker: 'b' } }]);
  await applyPresence(db, [{ deviceId: device.deviceId, online: false, session: { startedAt: at(1), broker: 'a' } }]);
  t.match(await findDeviceById(db, device.deviceId), { online: true, online_broker: 'b', online_since: at(5) });
});

t.test('an older session\'s "online" landing after the newer one ended does not bring the device back', async (t) => {
  const device = await registerDevice(db);
  await applyPresence(db, [{ deviceId: device.deviceId, online: true, session: { startedAt: at(5), broker: 'b' } }]);
  await applyPresence(db, [{ deviceId: device.deviceId, online: false, session: { startedAt: at(5), broker: 'b' } }]);
  await applyPresence(db, [{ deviceId: device.deviceId, online: true, session: { startedAt: at(1), broker: 'a' } }]);
  t.match(await findDeviceById(db, device.deviceId), { online: false, online_broker: 'b' });
});

t.test('the devices of a broker that is gone can be marked offline, and only those', async (t) => {
  const [mine, theirs] = [await registerDevice(db), await registerDevice(db)];
  await applyPresence(db, [
    { deviceId: mine.deviceId, online: true, session: { startedAt: at(1), broker: 'dead' } },
    { deviceId: theirs.deviceId, online: true, session: { startedAt: at(1), broker: 'alive' } },
  ]);
  t.ok((await brokersHoldingSessions(db)).includes('dead'));
  t.equal(await markBrokersDevicesOffline(db, ['dead']), 1);
  t.equal((await findDeviceById(db, mine.deviceId))!.online, false);
  t.equal((await findDeviceById(db, theirs.deviceId))!.online, true);
});
