import { AppError } from '../core/errors.ts';

/** 400: the payload as a whole is unusable; no event of it is stored. */
export const malformedPayload = (message: string) => new AppError(400, 'malformed_payload', message);

/**
 * Step 1: the raw uplink payload → a list of still-unchecked events. Both shapes devices send are
 * accepted: a bare JSON array, or an object with an `events` array (the legacy daemon's form).
 * Any other member of the object (e.g. an `organization_id`) is ignored.
 */
export function parseBatch(payload: Buffer): unknown[] {
  let body: unknown;
  try {
    body = JSON.parse(payload.toString('utf8'));
  } catch {
    throw malformedPayload('payload is not valid JSON');
  }
  if (Array.isArray(body)) return body;
  if (body !== null && typeof body === 'object' && Array.isArray((body as { events?: unknown }).events)) {
    return (body as { events: unknown[] }).events;
  }
  throw malformedPayload('payload must be a JSON array of events or an object with an "events" array');
}
