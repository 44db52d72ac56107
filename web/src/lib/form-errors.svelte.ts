import type { ApiError } from '$lib/api/http.ts';
import { hasKey, t, type MessageKey } from '$lib/i18n/index.svelte.ts';

/** One problem the API found with a field (validation_failed details; see api/http/router.ts). */
interface FieldIssue {
  path?: string;
  code?: string;
  minimum?: number;
  maximum?: number;
  format?: string;
}

/**
 * A form's errors in the user's language, next to each field: the browser's own checks (required, e-mail,
 * length) read through the Constraint Validation API but worded by the app instead of the native bubbles,
 * and the API's validation_failed details mapped from field path and code. An error not tied to a field
 * stays a banner (`other`). Typing into a field clears its message.
 */
export class FormErrors {
  fields = $state<Record<string, string>>({});
  /** The same problems by the API's field path, for forms whose fields are not inputs (a JSON editor). */
  issues = $state<{ path: string; message: string }[]>([]);
  other = $state<ApiError | null>(null);

  /** `paths` maps an API field path to the input's name where they differ (`email` → `member_email`). */
  constructor(private readonly paths: Record<string, string> = {}) {}

  message = (name: string): string | undefined => this.fields[name];

  /** Checks every named control of the form; shows the problems and focuses the first. True when all is fine. */
  check(form: HTMLFormElement): boolean {
    const found: Record<string, string> = {};
    for (const el of Array.from(form.elements) as HTMLInputElement[]) {
      if (!el.name || !el.willValidate || el.validity.valid) continue;
      found[el.name] ??= nativeMessage(el);
    }
    this.fields = found;
    this.issues = [];
    this.other = null;
    const first = Object.keys(found)[0];
    if (first) (form.elements.namedItem(first) as HTMLElement | null)?.focus?.();
    return first === undefined;
  }

  /** Takes a failed request (null: a new attempt began): field problems go next to their fields, anything else to the banner. */
  fromApi(error: ApiError | null): void {
    if (!error) return this.reset();
    const issues = error.code === 'validation_failed' || error.code === 'wrong_password' ? asIssues(error.details) : [];
    const found: Record<string, string> = {};
    const listed: { path: string; message: string }[] = [];
    for (const issue of issues) {
      if (!issue.path) continue;
      const name = this.paths[issue.path] ?? issue.path.replace(/\./g, '_');
      const message = apiMessage(issue, error.code);
      found[name] ??= message;
      listed.push({ path: issue.path, message });
    }
    this.fields = found;
    this.issues = listed;
    this.other = Object.keys(found).length ? null : error;
  }

  clear(name: string | undefined): void {
    if (name && name in this.fields) {
      const { [name]: _gone, ...rest } = this.fields;
      this.fields = rest;
    }
    this.other = null;
  }

  reset(): void {
    this.fields = {};
    this.issues = [];
    this.other = null;
  }
}

const asIssues = (details: unknown): FieldIssue[] => (Array.isArray(details) ? (details as FieldIssue[]) : []);

function nativeMessage(el: HTMLInputElement): string {
  const v = el.validity;
  if (v.valueMissing) return t('form.required');
  if (v.typeMismatch && el.type === 'email') return t('form.email');
  if (v.tooShort) return t('form.tooShort', { min: el.minLength });
  if (v.tooLong) return t('form.tooLong', { max: el.maxLength });
  if (v.rangeUnderflow || v.rangeOverflow) return t('form.range', { min: el.min, max: el.max });
  return fieldMessage(el.name) ?? t('form.invalid');
}

function apiMessage(issue: FieldIssue, code: string): string {
  const field = issue.path ? fieldMessage(issue.path.split('.').pop()!) : null;
  if (code === 'wrong_password' || issue.code === 'wrong_password') return t('form.wrongPassword');
  if (issue.code === 'password_policy' || issue.path?.endsWith('password')) return t('form.password');
  if (issue.code === 'too_small' && issue.minimum !== undefined) return issue.minimum <= 1 ? t('form.required') : t('form.tooShort', { min: issue.minimum });
  if (issue.code === 'too_big' && issue.maximum !== undefined) return t('form.tooLong', { max: issue.maximum });
  if (issue.code === 'invalid_format' && issue.format === 'email') return t('form.email');
  if (issue.code === 'unrecognized_keys') return t('form.unknownSetting');
  if (issue.code === 'invalid_type') return t('form.wrongType');
  return field ?? t('form.invalid');
}

/** A field's own wording (`form.field.timezone`, `form.field.mac`…), when it has one. */
function fieldMessage(name: string): string | null {
  const key = `form.field.${name.replace(/^(member|owner|new|device)_/, '')}`;
  return hasKey(key) ? t(key as MessageKey) : null;
}
