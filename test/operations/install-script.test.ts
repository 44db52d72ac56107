import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';

const SCRIPT = path.resolve(import.meta.dirname, '../../install.sh');

t.test('install.sh passes shellcheck', async (t) => {
  const check = spawnSync('shellcheck', [SCRIPT], { encoding: 'utf8' });
  if (check.error) throw new Error('shellcheck is not installed: `apt-get install -y shellcheck` (.ci/run installs it)');
  t.equal(check.status, 0, check.stdout + check.stderr);
});

t.test('install.sh --dry-run changes nothing and shows a unit that waits for /readyz and a timer that probes /healthz', async (t) => {
  const prefix = path.join(os.tmpdir(), `mybeacon-install-dry-run-${process.pid}`);
  const run = spawnSync('bash', [SCRIPT, '--dry-run', '--prefix', prefix, '--domain', 'beacon.example.com'], { encoding: 'utf8' });
  t.equal(run.status, 0, run.stderr);
  t.notOk(existsSync(prefix), 'nothing installed');
  const out = run.stdout;
  t.match(out, /\+ write \/etc\/systemd\/system\/mybeacon\.service:/);
  t.match(out, /ExecStartPost=.*curl -fsS -o \/dev\/null http:\/\/127\.0\.0\.1:8080\/readyz/, 'started = ready');
  t.match(out, /\$\$\(seq 1 120\)/, 'the dollar is escaped for systemd');
  t.match(out, /WorkingDirectory=.*mybeacon-install-dry-run/);
  t.match(out, /mybeacon-health\.service:[\s\S]*curl -fsS -m 10 -o \/dev\/null http:\/\/127\.0\.0\.1:8080\/healthz \|\| .*systemctl restart mybeacon/);
  t.match(out, /OnUnitActiveSec=30s/);
  t.match(out, /\+ systemctl enable --now mybeacon-health\.timer/);
  t.match(out, /server_name beacon\.example\.com;/);
});

t.test('install.sh refuses an unknown option', async (t) => {
  const run = spawnSync('bash', [SCRIPT, '--dry-run', '--colour', 'blue'], { encoding: 'utf8' });
  t.equal(run.status, 2);
  t.match(run.stderr, /unknown option: --colour/);
});
