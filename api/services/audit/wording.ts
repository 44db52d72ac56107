import type { AuditKind } from './record.ts';

export type AuditLocale = 'en' | 'ru';

// brief ("Формат лога"): "Просмотр", "Изменение", "Экспорт" — the category column of a log line.
const KINDS: Record<AuditLocale, Record<AuditKind, string>> = {
  en: {
    login: 'Login',
    login_failed: 'Failed login',
    logout: 'Logout',
    page_view: 'Page view',
    data_view: 'View',
    export: 'Export',
    create: 'Creation',
    update: 'Change',
    delete: 'Deletion',
    access: 'Remote access',
    denied: 'Denied',
  },
  ru: {
    login: 'Вход',
    login_failed: 'Неудачный вход',
    logout: 'Выход',
    page_view: 'Переход',
    data_view: 'Просмотр',
    export: 'Экспорт',
    create: 'Создание',
    update: 'Изменение',
    delete: 'Удаление',
    access: 'Удалённый доступ',
    denied: 'Отказ',
  },
};

const OBJECTS: Record<AuditLocale, Record<string, string>> = {
  en: {
    organization: 'Organization',
    user: 'User',
    session: 'Session',
    invitation: 'Invitation',
    device: 'Device',
    device_config: 'Device settings',
    device_token: 'Device token',
    device_command: 'Device command',
    settings: 'Platform settings',
    mail: 'Mail',
    location: 'Location',
    plan: 'Plan',
    zone: 'Zone',
    receiver: 'Receiver',
    tag: 'Tag',
    threshold: 'Threshold',
    export: 'Export',
    page: 'Page',
    analytics: 'Analytics',
    audit_log: 'Audit log',
    terminal: 'Terminal',
    dashboard: 'Device dashboard',
    tunnel: 'Tunnel',
    route: 'Request',
  },
  ru: {
    organization: 'Организация',
    user: 'Пользователь',
    session: 'Сеанс',
    invitation: 'Приглашение',
    device: 'Устройство',
    device_config: 'Настройки устройства',
    device_token: 'Токен устройства',
    device_command: 'Команда устройству',
    settings: 'Настройки платформы',
    mail: 'Письмо',
    location: 'Локация',
    plan: 'План',
    zone: 'Зона',
    receiver: 'Приёмник',
    tag: 'Метка',
    threshold: 'Порог',
    export: 'Экспорт',
    page: 'Страница',
    analytics: 'Аналитика',
    audit_log: 'Журнал аудита',
    terminal: 'Терминал',
    dashboard: 'Панель устройства',
    tunnel: 'Туннель',
    route: 'Запрос',
  },
};

export const kindLabel = (locale: AuditLocale, kind: string): string => KINDS[locale][kind as AuditKind] ?? kind;
export const objectLabel = (locale: AuditLocale, type: string): string => OBJECTS[locale][type] ?? type;

/** Column titles of the CSV export. */
export const CSV_COLUMNS: Record<AuditLocale, string[]> = {
  en: ['Time (UTC)', 'User', 'Action', 'Object', 'IP', 'Operation', 'Before', 'After', 'Details', 'User agent'],
  ru: ['Время (UTC)', 'Пользователь', 'Действие', 'Объект', 'IP', 'Операция', 'До', 'После', 'Подробности', 'Браузер'],
};
