/**
 * The password policy, applied wherever a password is set (API) and shown as hints in the web UI.
 * No bcrypt here, so the browser bundle can import it.
 */

export const PASSWORD_MIN_LENGTH = 10;
// bcrypt only reads the first 72 bytes; longer input is refused rather than silently truncated.
export const PASSWORD_MAX_BYTES = 72;

// Passwords of policy length that top every leaked-password list; shorter ones fail the length rule anyway.
// Compared case-insensitively after stripping spaces.
const COMMON_PASSWORDS = new Set([
  '1234567890', '0123456789', '0987654321', '1234512345', '1111111111', '0000000000', '1q2w3e4r5t', '1qaz2wsx3edc',
  'qwertyuiop', 'qwerty1234', 'qwerty12345', 'qwerty123456', 'qwertyuiop123', 'asdfghjkl1', 'zxcvbnm123', 'password12',
  'password123', 'password1234', 'password12345', 'passw0rd123', 'p@ssw0rd123', 'iloveyou123', 'administrator',
  'admin12345', 'admin123456', 'welcome123', 'welcome1234', 'letmein123', 'changeme123', 'football123', 'baseball123',
  'sunshine123', 'princess123', 'superman123', 'starwars123', 'trustno1234', 'monkey12345', 'dragon12345',
  'mybeacon123', 'mybeacon2026', 'abcdefghij', 'abcd123456', 'abc1234567', 'a123456789', '123456789a', '1234567890a',
  '12345678910', '123456789012', '1234567890123', 'aaaaaaaaaa', 'qazwsxedcrfv', 'йцукенгшщз', 'пароль1234', 'пароль12345',
  'qwerty123qwerty', 'michael123', 'jennifer123', 'computer123', 'internet123', 'whatever123', 'secret1234',
]);

/** Why a password is refused; the web UI translates these, the API sends them as `details.reason`. */
export type PasswordIssue = 'too_short' | 'too_long' | 'blank' | 'same_as_email' | 'too_common';

export const PASSWORD_ISSUE_MESSAGES: Record<PasswordIssue, string> = {
  too_short: `Password must be at least ${PASSWORD_MIN_LENGTH} characters`,
  too_long: `Password must be at most ${PASSWORD_MAX_BYTES} bytes in UTF-8`,
  blank: 'Password must not be blank',
  same_as_email: 'Password must differ from the e-mail address',
  too_common: 'Password is too common; choose a less guessable one',
};

/** What is wrong with a password under the policy, or null if it is fine. */
export function passwordIssue(password: string, email?: string): PasswordIssue | null {
  if ([...password].length < PASSWORD_MIN_LENGTH) return 'too_short';
  if (utf8Length(password) > PASSWORD_MAX_BYTES) return 'too_long';
  if (!password.trim()) return 'blank';
  const plain = password.toLowerCase().replace(/\s+/g, '');
  const address = email?.toLowerCase();
  if (address && (plain === address || plain === address.split('@')[0])) return 'same_as_email';
  if (COMMON_PASSWORDS.has(plain) || new Set(plain).size < 3) return 'too_common';
  return null;
}

/** Explains why a password is unacceptable, or returns null if it is fine. */
export function passwordProblem(password: string, email?: string): string | null {
  const issue = passwordIssue(password, email);
  return issue && PASSWORD_ISSUE_MESSAGES[issue];
}

/** Bytes of a string in UTF-8 (bcrypt's unit), in Node and in the browser alike. */
export const utf8Length = (value: string): number => new TextEncoder().encode(value).length;
