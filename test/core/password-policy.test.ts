import t from 'tap';
import { passwordIssue } from '../../core/password-policy.ts';

t.test('the password policy names what is wrong', async (t) => {
  const cases: Array<[string, string | undefined, string | null]> = [
    ['nine-char', undefined, 'too_short'],
    ['ten-chars!', undefined, null],
    ['пароль-из-кириллицы', undefined, null],
    ['ё'.repeat(37), undefined, 'too_long'], // 74 bytes in UTF-8 although 37 characters
    ['          ', undefined, 'blank'],
    ['Anna.Smith@Example.com', 'anna.smith@example.com', 'same_as_email'],
    ['anna.smith', 'anna.smith@example.com', 'same_as_email'],
    ['annasmith1', 'annasmith1@example.com', 'same_as_email'],
    ['Password123', undefined, 'too_common'],
    ['QWERTY UIOP', undefined, 'too_common'],
    ['ababababababab', undefined, 'too_common'],
    ['correct horse battery', 'anna@example.com', null],
  ];
  for (const [password, email, issue] of cases) t.equal(passwordIssue(password, email), issue, `${JSON.stringify(password)} → ${issue}`);
});
