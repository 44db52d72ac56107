import type { Knex } from 'knex';
import * as m001 from './001_foundation.ts';
import * as m002 from './002_exports.ts';
import * as m003 from './003_device_token_index.ts';
import * as m006 from './006_accounts.ts';
import * as m007 from './007_tunnels.ts';
import * as m009 from './009_presence_sessions.ts';
import * as m010 from './010_cabinet.ts';
import * as m011 from './011_ble_sites.ts';
import * as m012 from './012_permissions.ts';
import * as m013 from './013_audit.ts';
import * as m014 from './014_ble_positioning.ts';
import * as m015 from './015_refresh_grace.ts';

/** Postgres migrations in order. Listed statically so they load the same under tsx, tap and a bundler. */
export const POSTGRES_MIGRATIONS: ReadonlyArray<[name: string, migration: Knex.Migration]> = [
  ['001_foundation', m001],
  ['002_exports', m002],
  ['003_device_token_index', m003],
  ['006_accounts', m006],
  ['007_tunnels', m007],
  ['009_presence_sessions', m009],
  ['010_cabinet', m010],
  ['011_ble_sites', m011],
  ['012_permissions', m012],
  ['013_audit', m013],
  ['014_ble_positioning', m014],
  ['015_refresh_grace', m015],
];
