import { jsonProblem, PG_INT_MAX } from '../../core/json-limits.ts';
import { isTimeZone } from '../../core/time-zones.ts';
import { isUnicastMac, normalizeMac } from '../../core/mac.ts';
import { z } from './openapi.ts';

/** Shapes shared by many routes. */
export const ErrorResponse = z
  .object({
    error: z.object({ code: z.string(), message: z.string(), details: z.unknown() }),
  })
  .openapi('Error');

/** A row id in a path or query: a positive PostgreSQL integer (a larger one could only fail the query). */
export const QueryId = z.coerce.number().int().positive().max(PG_INT_MAX);
/** A row id in a JSON body. */
export const BodyId = z.number().int().positive().max(PG_INT_MAX);

export const IdParams = z.object({ id: QueryId });

// No form or setting needs deeper JSON; recursive code after validation (JSON.stringify, jsonb) must
// never meet the thousands of levels JSON.parse accepts.
export const INPUT_MAX_DEPTH = 32;

/**
 * Why an input can never be stored, whatever its own schema says: U+0000 (PostgreSQL text and jsonb
 * refuse it) or nesting beyond INPUT_MAX_DEPTH. The router checks every path, query and body with it.
 */
export function unstorableInput(value: unknown): string | null {
  switch (jsonProblem(value, INPUT_MAX_DEPTH)) {
    case 'nul_character':
      return 'must not contain NUL (\\u0000) characters';
    case 'too_deep':
      return `must not be nested deeper than ${INPUT_MAX_DEPTH} levels`;
    default:
      return null;
  }
}

export const Pagination = {
  page: z.coerce.number().int().min(1).default(1),
  page_size: z.coerce.number().int().min(1).max(500).default(50),
};

/** limit/offset for a repository from validated page + page_size. */
export const pageWindow = (q: { page: number; page_size: number }) => ({ limit: q.page_size, offset: (q.page - 1) * q.page_size });

export const paged = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), page_size: z.number().int() });

export const Email = z.email().max(254).transform((e) => e.toLowerCase());

export const Timestamp = z.string().nullable().openapi({ format: 'date-time' });

/** A MAC in any common notation, normalised to `aa:bb:cc:dd:ee:ff`. */
export const Mac = z
  .string()
  .transform((v, ctx) => normalizeMac(v.trim()) ?? (ctx.addIssue({ code: 'custom', message: 'must be a MAC address like 38:54:39:4b:1b:ac' }), z.NEVER))
  .openapi({ type: 'string', example: '38:54:39:4b:1b:ac' });

/** A device's own MAC: besides the notation, a unicast address (no broadcast, multicast or all-zero). */
export const DeviceMac = Mac.refine(isUnicastMac, 'must be a unicast MAC address (not broadcast, multicast or all-zero)');

export const TimeZone = z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/Moscow').openapi({ example: 'Europe/Moscow' });

/** `true`/`false` in a query string. */
export const QueryBoolean = z.enum(['true', 'false']).transform((v) => v === 'true');

/** An ISO 8601 instant in a query string. */
export const QueryInstant = z.iso.datetime({ offset: true }).transform((v) => new Date(v));

/** A one-line text (names, company names): no line breaks or control characters, which could end up in mail headers. */
export const SingleLine = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((v) => !/[\u0000-\u001f\u007f\u2028\u2029]/.test(v), 'must be one line without control characters');

/** A single-use link token from a mail (verification, reset, invitation, e-mail change). */
export const LinkToken = z.string().min(1).max(200);

/** A new password; the policy (core/password-policy.ts) is checked by the service, with a specific message. */
export const NewPassword = z.string().min(1).max(1024);
// A device config is a small document of settings; its depth is checked before its size because
// JSON.stringify itself overflows on deep nesting.
const OVERRIDES_MAX_DEPTH = 16;
const OVERRIDES_MAX_BYTES = 64 * 1024;

/** A device's config overrides (superadmin or the client's own receiver), merged over the products' defaults. */
export const ConfigOverrides = z
  .object({ overrides: z.record(z.string(), z.unknown()).describe('Merged over the products’ default device config') })
  .superRefine(({ overrides }, ctx) => {
    if (jsonProblem(overrides, OVERRIDES_MAX_DEPTH) === 'too_deep') {
      ctx.addIssue({ code: 'custom', message: `overrides must be nested at most ${OVERRIDES_MAX_DEPTH} levels`, path: ['overrides'] });
    } else if (JSON.stringify(overrides).length > OVERRIDES_MAX_BYTES) {
      ctx.addIssue({ code: 'custom', message: 'overrides must be at most 64 KiB of JSON', path: ['overrides'] });
    }
  })
  .openapi('DeviceConfigOverrides');
