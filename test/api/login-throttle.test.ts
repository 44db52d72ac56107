import t from 'tap';
import { LoginBackoff } from '../../api/auth/login-throttle.ts';

const opts = { maxFailuresPerAccount: 3, maxFailuresPerIp: 50, failureWindowSeconds: 900 };

t.test('failures slow down only the address they come from, with a growing back-off', async (t) => {
  let now = 0;
  const backoff = new LoginBackoff(opts, () => now);
  const victim = 'root@test.local';
  for (let i = 0; i < 3; i++) {
    t.equal(backoff.waitSeconds(victim, '203.0.113.9'), 0, 'the first failures are free');
    backoff.failed(victim, '203.0.113.9');
  }
  const first = backoff.waitSeconds(victim, '203.0.113.9');
  t.ok(first > 0, `then the attacker waits ${first} s`);
  t.equal(backoff.waitSeconds(victim, '198.51.100.2'), 0, 'the owner elsewhere is never locked out');
  now += first * 1000;
  t.equal(backoff.waitSeconds(victim, '203.0.113.9'), 0, 'after the wait, one more try');
  backoff.failed(victim, '203.0.113.9');
  t.ok(backoff.waitSeconds(victim, '203.0.113.9') > first, 'and the next wait is longer');
  now += 3_600_000;
  backoff.failed(victim, '203.0.113.9');
  t.ok(backoff.waitSeconds(victim, '203.0.113.9') <= opts.failureWindowSeconds, 'never longer than the window');
});

t.test('a success clears the address’ failures; old failures are forgotten after the window', async (t) => {
  let now = 0;
  const backoff = new LoginBackoff(opts, () => now);
  for (let i = 0; i < 5; i++) backoff.failed('a@x', '10.0.0.1');
  backoff.succeeded('a@x', '10.0.0.1');
  t.equal(backoff.waitSeconds('a@x', '10.0.0.1'), 0);
  for (let i = 0; i < 5; i++) backoff.failed('b@x', '10.0.0.1');
  now += 901_000;
  t.equal(backoff.waitSeconds('b@x', '10.0.0.1'), 0);
});
