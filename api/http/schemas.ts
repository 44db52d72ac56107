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

export const paged = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), page_size: z.number().int() });

export const Email = z.email().max(254).transform((e) => e.toLowerCase());

export const Timestamp = z.string().nullable().openapi({ format: 'date-time' });
