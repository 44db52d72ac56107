import { isTimeZone } from '../../core/time-zones.ts';
import { normalizeMac } from '../../core/mac.ts';
import { z } from './openapi.ts';

/** Shapes shared by many routes. */
export const ErrorResponse = z
  .object({
    error: z.object({ code: z.string(), message: z.string(), details: z.unknown() }),
  })
  .openapi('Error');

export const IdParams = z.object({ id: z.coerce.number().int().positive() });

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

export const TimeZone = z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/Moscow').openapi({ example: 'Europe/Moscow' });

/** `true`/`false` in a query string. */
export const QueryBoolean = z.enum(['true', 'false']).transform((v) => v === 'true');

/** An ISO 8601 instant in a query string. */
export const QueryInstant = z.iso.datetime({ offset: true }).transform((v) => new Date(v));

/** A device's config overrides (superadmin or the client's own receiver), merged over the products' defaults. */
export const ConfigOverrides = z
  .object({ overrides: z.record(z.string(), z.unknown()).describe('Merged over the products’ default device config') })
  .refine((b) => JSON.stringify(b.overrides).length <= 64 * 1024, { message: 'overrides must be at most 64 KiB of JSON', path: ['overrides'] })
  .openapi('DeviceConfigOverrides');
