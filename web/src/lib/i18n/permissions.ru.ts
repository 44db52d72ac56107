import type { permissionsEn } from './permissions.en.ts';

/** Russian strings of permissions, spread into ru.ts; the type requires every English key. */
export const permissionsRu: Record<keyof typeof permissionsEn, string> = {
  'access.edit': 'Права',
  'access.title': 'Права: {email}',
  'access.readOnly': 'Только чтение',
  'access.readOnlyHint': 'Может смотреть всё, что позволяет роль, но ничего не может менять.',
  'access.readOnlyBadge': 'только чтение',
  'access.locations': 'Локации',
  'access.allLocations': 'Владелец и администраторы видят все локации.',
  'access.noLocations': 'У организации пока нет локаций.',
  'access.locationsHint': 'Менеджер, оператор и наблюдатель видят только отмеченные здесь локации. «Чтение и запись» позволяет менять локацию, только если это разрешает роль.',
  'access.none': 'Нет доступа',
  'access.read': 'Чтение',
  'access.write': 'Чтение и запись',
  'access.save': 'Сохранить доступ',
  'access.close': 'Закрыть',
  'access.summary': 'Локаций: {n}',
  'error.read_only_user': 'Ваша учётная запись только для чтения: смотреть можно, менять нельзя.',
  'error.location_read_only': 'Эту локацию можно только смотреть, но не менять.',
  'error.all_locations_required': 'Добавлять локации могут только владелец и администратор.',
  'error.location_not_found': 'Локация не найдена.',
};
