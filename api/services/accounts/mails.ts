import type { MailContent } from '../mail/layout.ts';

export type MailLocale = 'en' | 'ru';

/** The recipient's language, English for anything we have no templates for. */
export const mailLocale = (locale: string | null | undefined): MailLocale => (locale === 'ru' ? 'ru' : 'en');

/** Parameters of each account mail; strings may come from users and are escaped when rendered. */
export interface AccountMailParams {
  verify_email: { url: string; hours: number; organization: string };
  signup_address_taken: { loginUrl: string; resetUrl: string };
  products_activated: { organization: string; products: string[]; url: string };
  generated_password: { organization: string; email: string; password: string; url: string };
  invitation: { organization: string; inviter: string | null; url: string; days: number };
  reset_password: { url: string; minutes: number };
  change_email: { url: string; hours: number };
  email_changed: { newEmail: string };
  password_changed: { url: string };
}

export type AccountMailKind = keyof AccountMailParams;

type Templates = { [K in AccountMailKind]: (p: AccountMailParams[K]) => MailContent };

const NOT_YOU_EN = 'If you did not expect this message, you can ignore it.';
const NOT_YOU_RU = 'Если вы не ожидали этого письма, просто проигнорируйте его.';

const en: Templates = {
  verify_email: (p) => ({
    subject: 'Confirm your e-mail for MyBeacon',
    greeting: 'Hello,',
    paragraphs: [`Thank you for registering “${p.organization}” on MyBeacon. Please confirm your e-mail address.`, `The link works once and for ${p.hours} hours.`],
    action: { label: 'Confirm e-mail', url: p.url },
    footer: [NOT_YOU_EN],
  }),
  signup_address_taken: (p) => ({
    subject: 'Someone tried to register with your e-mail on MyBeacon',
    greeting: 'Hello,',
    paragraphs: [
      'Someone just tried to register a new MyBeacon account with this e-mail address. You already have an account, so nothing was created.',
      `Sign in at ${p.loginUrl}. If you have forgotten your password, reset it:`,
    ],
    action: { label: 'Reset password', url: p.resetUrl },
    footer: ['If it was not you, no action is needed: your account is unchanged.'],
  }),
  products_activated: (p) => ({
    subject: `Your MyBeacon products are active: ${p.organization}`,
    greeting: 'Hello,',
    paragraphs: [`An administrator has activated “${p.organization}”. Enabled products: ${p.products.join(', ')}.`, 'Sign in to start using them.'],
    action: { label: 'Sign in', url: p.url },
    footer: ['You receive this because you own this organization on MyBeacon.'],
  }),
  generated_password: (p) => ({
    subject: `Your MyBeacon account for ${p.organization}`,
    greeting: 'Hello,',
    paragraphs: [
      `An account has been created for you in “${p.organization}” on MyBeacon.`,
      `Login: ${p.email}`,
      `Password: ${p.password}`,
      'You will be asked to choose your own password when you first sign in.',
    ],
    action: { label: 'Sign in', url: p.url },
    footer: [NOT_YOU_EN],
  }),
  invitation: (p) => ({
    subject: `You are invited to ${p.organization} on MyBeacon`,
    greeting: 'Hello,',
    paragraphs: [
      p.inviter ? `${p.inviter} invites you to join “${p.organization}” on MyBeacon.` : `An account has been created for you in “${p.organization}” on MyBeacon.`,
      `Choose your password to get started. The link works once and for ${p.days} days.`,
    ],
    action: { label: 'Set password', url: p.url },
    footer: [NOT_YOU_EN],
  }),
  reset_password: (p) => ({
    subject: 'Reset your MyBeacon password',
    greeting: 'Hello,',
    paragraphs: ['We received a request to reset the password of your MyBeacon account.', `The link works once and for ${p.minutes} minutes. Resetting signs you out everywhere.`],
    action: { label: 'Choose a new password', url: p.url },
    footer: ['If you did not ask for this, ignore this message: your password stays unchanged.'],
  }),
  change_email: (p) => ({
    subject: 'Confirm your new e-mail for MyBeacon',
    greeting: 'Hello,',
    paragraphs: ['Please confirm that this address should become the login of your MyBeacon account.', `The link works once and for ${p.hours} hours.`],
    action: { label: 'Confirm new e-mail', url: p.url },
    footer: [NOT_YOU_EN],
  }),
  email_changed: (p) => ({
    subject: 'Your MyBeacon e-mail was changed',
    greeting: 'Hello,',
    paragraphs: [`The login e-mail of your MyBeacon account was changed to ${p.newEmail}.`],
    footer: ['If you did not do this, contact your administrator at once.'],
  }),
  password_changed: (p) => ({
    subject: 'Your MyBeacon password was changed',
    greeting: 'Hello,',
    paragraphs: ['The password of your MyBeacon account was just changed.', 'If this was not you, reset your password now:'],
    action: { label: 'Reset password', url: p.url },
    footer: ['You receive this for your security.'],
  }),
};

const ru: Templates = {
  verify_email: (p) => ({
    subject: 'Подтвердите e-mail для MyBeacon',
    greeting: 'Здравствуйте!',
    paragraphs: [`Спасибо за регистрацию «${p.organization}» в MyBeacon. Подтвердите, пожалуйста, адрес электронной почты.`, `Ссылка одноразовая и действует ${p.hours} ч.`],
    action: { label: 'Подтвердить e-mail', url: p.url },
    footer: [NOT_YOU_RU],
  }),
  signup_address_taken: (p) => ({
    subject: 'Кто-то пытался зарегистрироваться в MyBeacon с вашим e-mail',
    greeting: 'Здравствуйте!',
    paragraphs: [
      'Только что кто-то попытался зарегистрировать новую учётную запись MyBeacon на этот адрес. У вас уже есть учётная запись, поэтому ничего не создано.',
      `Войти можно на ${p.loginUrl}. Если вы забыли пароль, восстановите его:`,
    ],
    action: { label: 'Восстановить пароль', url: p.resetUrl },
    footer: ['Если это были не вы, ничего делать не нужно: ваша учётная запись не изменилась.'],
  }),
  products_activated: (p) => ({
    subject: `Продукты MyBeacon активированы: ${p.organization}`,
    greeting: 'Здравствуйте!',
    paragraphs: [`Администратор активировал «${p.organization}». Подключённые продукты: ${p.products.join(', ')}.`, 'Войдите, чтобы начать работу.'],
    action: { label: 'Войти', url: p.url },
    footer: ['Вы получили это письмо как владелец организации в MyBeacon.'],
  }),
  generated_password: (p) => ({
    subject: `Ваша учётная запись MyBeacon для ${p.organization}`,
    greeting: 'Здравствуйте!',
    paragraphs: [
      `Для вас создана учётная запись в «${p.organization}» в MyBeacon.`,
      `Логин: ${p.email}`,
      `Пароль: ${p.password}`,
      'При первом входе вас попросят задать собственный пароль.',
    ],
    action: { label: 'Войти', url: p.url },
    footer: [NOT_YOU_RU],
  }),
  invitation: (p) => ({
    subject: `Приглашение в ${p.organization} в MyBeacon`,
    greeting: 'Здравствуйте!',
    paragraphs: [
      p.inviter ? `${p.inviter} приглашает вас в «${p.organization}» в MyBeacon.` : `Для вас создана учётная запись в «${p.organization}» в MyBeacon.`,
      `Задайте пароль, чтобы начать работу. Ссылка одноразовая и действует ${p.days} дн.`,
    ],
    action: { label: 'Задать пароль', url: p.url },
    footer: [NOT_YOU_RU],
  }),
  reset_password: (p) => ({
    subject: 'Восстановление пароля MyBeacon',
    greeting: 'Здравствуйте!',
    paragraphs: ['Мы получили запрос на смену пароля вашей учётной записи MyBeacon.', `Ссылка одноразовая и действует ${p.minutes} мин. После смены пароля все сеансы будут завершены.`],
    action: { label: 'Задать новый пароль', url: p.url },
    footer: ['Если вы не запрашивали смену пароля, проигнорируйте письмо: пароль останется прежним.'],
  }),
  change_email: (p) => ({
    subject: 'Подтвердите новый e-mail для MyBeacon',
    greeting: 'Здравствуйте!',
    paragraphs: ['Подтвердите, что этот адрес должен стать логином вашей учётной записи MyBeacon.', `Ссылка одноразовая и действует ${p.hours} ч.`],
    action: { label: 'Подтвердить новый e-mail', url: p.url },
    footer: [NOT_YOU_RU],
  }),
  email_changed: (p) => ({
    subject: 'E-mail вашей учётной записи MyBeacon изменён',
    greeting: 'Здравствуйте!',
    paragraphs: [`Логин вашей учётной записи MyBeacon изменён на ${p.newEmail}.`],
    footer: ['Если это сделали не вы, немедленно свяжитесь с администратором.'],
  }),
  password_changed: (p) => ({
    subject: 'Пароль MyBeacon изменён',
    greeting: 'Здравствуйте!',
    paragraphs: ['Пароль вашей учётной записи MyBeacon только что изменён.', 'Если это были не вы, восстановите пароль:'],
    action: { label: 'Восстановить пароль', url: p.url },
    footer: ['Это письмо отправлено для вашей безопасности.'],
  }),
};

export const ACCOUNT_MAILS: Record<MailLocale, Templates> = { en, ru };
