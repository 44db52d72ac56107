import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ConfigError, loadConfig } from '../core/config.ts';
import { DEMO_HISTORY_DAYS } from '../device-sim/demo-fleet.ts';
import { startPlatform, WEB_BUILD_DIR } from '../platform.ts';

/** `npm start [-- --demo]`: the whole platform in one process on embedded defaults. */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const env = { ...process.env };
  if (args.includes('--demo')) env.MYBEACON_DEMO = '1';
  const config = loadConfig(env);
  const started = Date.now();

  if (!existsSync(path.join(WEB_BUILD_DIR, 'index.html')) && existsSync(path.join(WEB_BUILD_DIR, '..', 'vite.config.ts'))) {
    console.log('Building the web UI (first start only)…');
    const build = spawnSync('npm', ['run', 'build:web'], { stdio: 'inherit' });
    if (build.status !== 0) console.error('Web UI build failed; the API still starts. Run `npm run build:web` to see why.');
  }

  const platform = await startPlatform(config);
  const lines = [`MyBeacon is up in ${((Date.now() - started) / 1000).toFixed(1)} s`, `  Web UI + API: ${platform.httpUrl}/  (API docs: ${platform.httpUrl}/api/v1/docs)`];
  for (const [name, url] of Object.entries(platform.endpoints)) lines.push(`  ${name}: ${url}`);
  if (platform.createdAdmin) {
    lines.push(`  Superadmin created: ${platform.createdAdmin.email}`);
    if (platform.createdAdmin.generated) lines.push(`  Generated password (shown once): ${platform.createdAdmin.password}`);
  }
  if (platform.demo) {
    lines.push(`  Demo organization owner: ${platform.demo.email} / ${platform.demo.password}`);
    lines.push(`  Demo: ${platform.demo.receivers} simulated receivers publish live WiFi through the broker, with ${DEMO_HISTORY_DAYS} days of history.`);
    lines.push('        To turn the demo off, start without --demo (and without MYBEACON_DEMO=1).');
  }
  console.log(`\n${lines.join('\n')}\n`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    platform.log.info({ signal }, 'shutting down');
    platform.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err) => {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error('MyBeacon failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
