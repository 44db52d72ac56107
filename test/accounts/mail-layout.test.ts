import t from 'tap';
import { renderMail } from '../../api/services/mail/layout.ts';
import { backoffSeconds } from '../../api/services/mail/worker.ts';

t.test('HTML mail escapes every supplied string, the text keeps it as typed', async (t) => {
  const mail = renderMail({
    subject: 'Hi',
    greeting: 'Hello <b>',
    paragraphs: ['Company “<script>alert(1)</script> & \'Co\'”'],
    action: { label: 'Go "now"', url: 'https://x.example/a?b=1&c="2"' },
    footer: ['<i>small</i>'],
  });
  t.notMatch(mail.html, /<script>|<b>|<i>/);
  t.match(mail.html, /&lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; &#39;Co&#39;/);
  t.match(mail.html, /href="https:\/\/x\.example\/a\?b=1&amp;c=&quot;2&quot;"/, 'the link stays inside its attribute');
  t.match(mail.text, /<script>alert\(1\)<\/script> & 'Co'/);
  t.match(mail.text, /Go "now":\nhttps:\/\/x\.example\/a\?b=1&c="2"/);
});

t.test('retry back-off doubles from the base, with jitter, up to six hours', async (t) => {
  for (const [attempts, plain] of [[1, 30], [2, 60], [5, 480]] as const) {
    const s = backoffSeconds(30, attempts);
    t.ok(s >= plain * 0.8 && s <= plain * 1.2, `attempt ${attempts}: ${s.toFixed(1)} s ≈ ${plain} s`);
  }
  t.ok(backoffSeconds(30, 40) <= 6 * 3600 * 1.2);
});
