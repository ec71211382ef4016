// Placeholder replaced by the users module: creates the admin account on first start.
import type { AppContext } from '../../context.js';

export async function ensureAdmin(_ctx: AppContext, _password: string | undefined): Promise<{ generatedPassword?: string }> {
  return {};
}
