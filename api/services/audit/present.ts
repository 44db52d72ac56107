import type { AuditRow } from '../../../db/repositories/audit.ts';
import { kindLabel, objectLabel, type AuditLocale } from './wording.ts';

/** An audit row as the API shows it: structured fields, and the brief's one-line form in the reader's language. */
export interface AuditEntryView {
  id: number;
  at: string;
  organization_id: number | null;
  user_id: number | null;
  user_email: string | null;
  kind: string;
  kind_label: string;
  action: string;
  object_type: string | null;
  object_id: string | null;
  object_label: string | null;
  /** 'Метка #42: "Велосипед №5" → "Велосипед №6"'. */
  object_text: string;
  before: unknown;
  after: unknown;
  details: unknown;
  ip: string | null;
  user_agent: string | null;
  /** '2024-01-15 10:30:45 | user@example.com | Просмотр | Локация "Магазин на Ленина" | IP: 192.168.1.100'. */
  line: string;
}

export function presentAuditRow(row: AuditRow, locale: AuditLocale): AuditEntryView {
  const text = objectText(row, locale);
  const time = row.at.toISOString().slice(0, 19).replace('T', ' ');
  const kind = kindLabel(locale, row.kind);
  return {
    id: row.id,
    at: row.at.toISOString(),
    organization_id: row.organization_id,
    user_id: row.user_id,
    user_email: row.user_email,
    kind: row.kind,
    kind_label: kind,
    action: row.action,
    object_type: row.object_type,
    object_id: row.object_id,
    object_label: row.object_label,
    object_text: text,
    before: row.before,
    after: row.after,
    details: row.details,
    ip: row.ip,
    user_agent: row.user_agent,
    // brief ("Формат лога"): time | user | action | object | IP.
    line: `${time} | ${row.user_email ?? '—'} | ${kind} | ${text} | IP: ${row.ip ?? '—'}`,
  };
}

const quote = (v: unknown) => (typeof v === 'string' ? `"${v}"` : JSON.stringify(v));

function objectText(row: AuditRow, locale: AuditLocale): string {
  if (!row.object_type) return row.action;
  let text = objectLabel(locale, row.object_type);
  // A page reads by what it showed, its path after it: 'Page "Склад №3" (/ble/locations/3)'.
  if (row.object_type === 'page') return `${text} ${quote(row.object_label ?? row.object_id)}${row.object_label ? ` (${row.object_id})` : ''}`;
  if (row.object_id) text += ` ${idText(row.object_id)}`;
  if (row.object_label) text += ` ${quote(row.object_label)}`;
  const changes = changeText(row.before, row.after);
  if (changes) text += `: ${changes}`;
  const period = periodText(row.details);
  if (period) text += `, ${period}`;
  return text;
}

/** "#42" for numbers (the brief's "Метка #42"), a session's UUID shortened, anything else (a route) as it is. */
function idText(id: string): string {
  if (/^\d+$/.test(id)) return `#${id}`;
  if (/^[0-9a-f]{8}-[0-9a-f-]{27}$/.test(id)) return `#${id.slice(0, 8)}`;
  return id;
}

/**
 * A rename reads '"a" → "b"' as in the brief; another single field names itself ('status "pending" →
 * "active"'); several read 'name "a" → "b", colour …' (at most three shown).
 */
function changeText(before: unknown, after: unknown): string {
  if (!isRecord(before) || !isRecord(after)) return '';
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  if (keys.length === 0) return '';
  const one = (k: string) => `${quote(before[k] ?? null)} → ${quote(after[k] ?? null)}`;
  if (keys.length === 1 && keys[0] === 'name') return one('name');
  const shown = keys.slice(0, 3).map((k) => `${k} ${one(k)}`);
  return shown.join(', ') + (keys.length > 3 ? ', …' : '');
}

/** "2024-01-01 - 2024-01-15, CSV" for views and exports of a period. */
function periodText(details: unknown): string {
  if (!isRecord(details)) return '';
  const parts: string[] = [];
  const day = (v: unknown) => (typeof v === 'string' ? v.slice(0, 10) : '');
  if (details.from || details.to) parts.push(`${day(details.from)} - ${day(details.to)}`);
  if (typeof details.format === 'string') parts.push(details.format.toUpperCase());
  return parts.join(', ');
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
