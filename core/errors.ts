import { PASSWORD_ISSUE_MESSAGES, PASSWORD_MIN_LENGTH, type PasswordIssue } from './password-policy.ts';

/** An expected failure with a stable machine-readable code; the API turns it into `{ error: { code, message, details } }`. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown = null,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** 400: input failed schema validation. */
export const validationFailed = (details: unknown, message = 'Request validation failed') =>
  new AppError(400, 'validation_failed', message, details);

/** 401: missing or unusable credentials. */
export const unauthorized = (code = 'unauthorized', message = 'Authentication required') =>
  new AppError(401, code, message);

/** 403: authenticated but not allowed. */
export const forbidden = (message = 'You do not have permission for this action', code = 'forbidden') =>
  new AppError(403, code, message);

/** 404: missing, or belonging to another tenant — the two are never told apart. */
export const notFound = (what: string) =>
  new AppError(404, `${what}_not_found`, `${what.replace(/_/g, ' ')} not found`);

/** 409: conflicts with existing state (e.g. a unique value already taken). */
export const conflict = (code: string, message: string, details: unknown = null) =>
  new AppError(409, code, message, details);

/** 400: a password the policy refuses; `details.reason` says why (core/password-policy.ts). */
export const weakPassword = (reason: PasswordIssue) =>
  new AppError(400, 'weak_password', PASSWORD_ISSUE_MESSAGES[reason], { path: 'password', reason, min_length: PASSWORD_MIN_LENGTH });
