import type { ApiError } from '$lib/api/http.ts';
import { PASSWORD_MIN_LENGTH } from '$core/password-policy.ts';
import { hasKey, t, type MessageKey } from '$lib/i18n/index.svelte.ts';

/** An API error in the user's words: a translated code where we know it, the server's message otherwise. */
export function describeError(error: ApiError): string {
  const issue = error.code === 'weak_password' ? passwordIssueKey(error) : null;
  if (issue) return t(issue, { min: PASSWORD_MIN_LENGTH });
  // A refusal by the permission matrix names its action (core/policy.ts): say which, where we can.
  const action = (error.details as { action?: unknown } | null)?.action;
  if (error.code === 'forbidden' && hasKey(`error.forbidden.${String(action)}`)) return t(`error.forbidden.${String(action)}` as MessageKey);
  const key = `error.${error.code}`;
  if (hasKey(key)) return t(key, { message: validationSummary(error) });
  if (error.code.endsWith('_not_found')) return t('error.page_not_found');
  return error.message;
}

// weak_password details carry the policy's reason (core/password-policy.ts).
function passwordIssueKey(error: ApiError): MessageKey | null {
  const key = `password.issue.${String((error.details as { reason?: unknown } | null)?.reason)}`;
  return hasKey(key) ? key : null;
}

// validation_failed details are [{in, path, message}]; show the fields by name.
function validationSummary(error: ApiError): string {
  if (!Array.isArray(error.details)) return error.message;
  return (error.details as { path?: string; message?: string }[]).map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)).join('; ');
}
