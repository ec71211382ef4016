// Server field errors (problem+json `errors[].field`, dotted: "parties.0.name") onto antd form
// fields. Returns the fields it placed, so the alert above the form can leave them out.
import type { FormInstance } from 'antd';
import { isApiError } from '../../api';

function pathOf(field: string): Array<string | number> {
  return field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/**
 * Puts each field error of `error` on the form field of the same path when the form renders it
 * (`fields`: the rendered names; "parties" covers "parties.0.name").
 */
export function applyFieldErrors(form: FormInstance, error: unknown, fields: readonly string[]): string[] {
  if (!isApiError(error)) return [];
  const placed: string[] = [];
  const updates: Array<{ name: Array<string | number>; errors: string[] }> = [];
  for (const e of error.errors) {
    if (!fields.some((f) => e.field === f || e.field.startsWith(`${f}.`))) continue;
    updates.push({ name: pathOf(e.field), errors: [e.message] });
    placed.push(e.field);
  }
  if (updates.length > 0) form.setFields(updates);
  return placed;
}

/** A key for Idempotency-Key: random, and available outside secure contexts (plain http on a LAN). */
export function newIdempotencyKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return `web-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}
