// Saved filters live in this browser's localStorage, per user (not on the server: they are a
// convenience of one desk, and nothing is lost but the shortcut when the browser is cleared).
import type { CaseFilters } from '../cases/cases.api';

export interface SavedFilter {
  name: string;
  filters: CaseFilters;
}

const keyFor = (userId: number) => `pingan.savedFilters.${userId}`;

export function loadSavedFilters(userId: number): SavedFilter[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(keyFor(userId)) ?? '[]');
    if (!Array.isArray(parsed)) return [];
    return parsed.filter((f): f is SavedFilter => typeof f === 'object' && f !== null && typeof (f as SavedFilter).name === 'string' && typeof (f as SavedFilter).filters === 'object');
  } catch {
    return [];
  }
}

export function storeSavedFilters(userId: number, filters: SavedFilter[]): void {
  try {
    localStorage.setItem(keyFor(userId), JSON.stringify(filters));
  } catch {
    // Private mode or a full quota: the filter stays for this page only.
  }
}
