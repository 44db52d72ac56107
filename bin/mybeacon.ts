import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ConfigError, loadConfig, ROLES } from '../core/config.ts';
import { DEMO_HISTORY_DAYS } from '../device-sim/demo-fleet.ts';
import type { Logger } from '../core/logger.ts';
import { RedisSettingsError } from '../core/redis.ts';
import { startPlatform, WEB_BUILD_DIR } from '../platform.ts';
import { startRoleProcess } from '../roles/process.ts';

/**
 * `npm start [-- --demo]`: the whole platform in one process on embedded defaults.
 * `mybeacon broker | ingest | api | all` (several allowed, e.g. `mybeacon ingest api`): the roles of one
 * process of a scale-out installation, the same as MYBEACON_ROLES.
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const env = { ...process.env };
  if (args.includes('--demo')) env.MYBEACON_DEMO = '1';
  const roles = args.filter((a) => !a.startsWith('--'));
  if (roles.length > 0) env.MYBEACON_ROLES = roles.join(',');
  const config = loadConfig(env);
  const started = Date.now();
  const upIn = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

  if (config.roles.size < ROLES.length) {
    const running = await startRoleProcess(config, { webBuildDir: WEB_BUILD_DIR });
    const lines = [`MyBeacon ${[...config.roles].join(' + ')} is up in ${upIn()}`];
    for (const [name, url] of Object.entries(running.endpoints)) lines.push(`  ${name}: ${url}`);
    console.log(`\n${lines.join('\n')}\n`);
    stopOnSignals(running.log, running.stop);
    return;
  }

  if (!existsSync(path.join(WEB_BUILD_DIR, 'index.html')) && existsSync(path.join(WEB_BUILD_DIR, '..', 'vite.config.ts'))) {
    console.log('Building the web UI (first start only)…');
    const build = spawnSync('npm', ['run', 'build:web'], { stdio: 'inherit' });
    if (build.status !== 0) console.error('Web UI build failed; the API still starts. Run `npm run build:web` to see why.');
  }

  const platform = await startPlatform(config);
  const lines = [`MyBeacon is up in ${upIn()}`, `  Web UI + API: ${platform.httpUrl}/  (API docs: ${platform.httpUrl}/api/v1/docs)`];
  for (const [name, url] of Object.entries(platform.endpoints)) lines.push(`  ${name}: ${url}`);
  if (platform.createdAdmin) {
    lines.push(`  Superadmin created: ${platform.createdAdmin.email}`);
    if (platform.createdAdmin.generated) lines.push(`  Generated password (shown once): ${platform.createdAdmin.password}`);
  }
  lines.push(
    config.mail.smtpUrl
      ? `  Mail: SMTP ${new URL(config.mail.smtpUrl).host}, from ${config.mail.from}`
      : '  Mail: no SMTP configured (SMTP_URL) — mails are kept in the outbox: sign in as superadmin → Outbox',
  );
  if (platform.demo) {
    lines.push(`  Demo organization owner: ${platform.demo.email} / ${platform.demo.password}`);
    lines.push(`  Demo: ${platform.demo.receivers} simulated receivers publish live WiFi and BLE through the broker, after ${DEMO_HISTORY_DAYS} days of WiFi history.`);
    lines.push('        To turn the demo off, start without --demo (and without MYBEACON_DEMO=1).');
  }
  console.log(`\n${lines.join('\n')}\n`);
  stopOnSignals(platform.log, platform.stop);
}

function stopOnSignals(log: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err) => {
  if (err instanceof ConfigError || err instanceof RedisSettingsError) console.error(err.message);
  else console.error('MyBeacon failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
