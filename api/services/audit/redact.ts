/** Keys whose values never reach the audit log, at any depth (brief: secrets are never recorded). */
const SECRET_KEY = /pass(word)?|secret|token|ticket|hash|cookie|authorization|api[_-]?key|private[_-]?key|credential/i;

export const REDACTED = '[redacted]';

/**
 * A JSON-safe copy of `value` with secrets replaced, dates as ISO strings and NUL characters removed
 * (jsonb refuses them): what is stored is exactly what the hash chain later recomputes.
 */
export function redactForAudit(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return value.replace(/\u0000/g, '');
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return value.toString();
  if (Buffer.isBuffer(value)) return `[${value.length} bytes]`;
  // Deep structures are cut rather than recorded whole: an audit row names a change, it is no backup.
  if (depth > 6) return '[…]';
  if (Array.isArray(value)) return value.slice(0, 200).map((v) => redactForAudit(v, depth + 1));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      if (v === undefined || typeof v === 'function') continue;
      out[key.replace(/\u0000/g, '')] = SECRET_KEY.test(key) ? REDACTED : redactForAudit(v, depth + 1);
    }
    return out;
  }
  return null;
}
