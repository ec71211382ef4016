// Migrations are listed here explicitly (not discovered from disk) so the order is reviewed in code
// and they work the same from source and from a bundle.
import { type Kysely, type Migration, type MigrationResultSet, Migrator } from 'kysely';
import * as foundation from './migrations/20261127T0001-foundation.js';
import * as gridAssignmentsCurrent from './migrations/20261127T0101-grid-assignments-current.js';
import * as cases from './migrations/20261127T0301-cases.js';
import * as slaSweep from './migrations/20261127T0410-sla-sweep.js';
import * as caseSearch from './migrations/20261127T0420-case-search.js';
import * as attachments from './migrations/20261127T0421-attachments.js';
import * as webhooks from './migrations/20261127T0430-webhooks.js';
import * as inboundSources from './migrations/20261127T0440-inbound-sources.js';
import * as mediation from './migrations/20261127T0450-mediation.js';
import * as risk from './migrations/20261127T0451-risk.js';
import * as portal from './migrations/20261127T0460-portal.js';
import * as appointments from './migrations/20261127T0461-appointments.js';
import * as readPaths from './migrations/20261128T0470-read-paths.js';
import * as auditSealing from './migrations/20261128T0480-audit-sealing.js';

const migrations: Record<string, Migration> = {
  '20261127T0001-foundation': foundation,
  '20261127T0101-grid-assignments-current': gridAssignmentsCurrent,
  '20261127T0301-cases': cases,
  '20261127T0410-sla-sweep': slaSweep,
  '20261127T0420-case-search': caseSearch,
  '20261127T0421-attachments': attachments,
  '20261127T0430-webhooks': webhooks,
  '20261127T0440-inbound-sources': inboundSources,
  '20261127T0450-mediation': mediation,
  '20261127T0451-risk': risk,
  '20261127T0460-portal': portal,
  '20261127T0461-appointments': appointments,
  '20261128T0470-read-paths': readPaths,
  '20261128T0480-audit-sealing': auditSealing,
};

function migrator<T>(db: Kysely<T>): Migrator {
  // Unordered: a migration merged from a parallel branch with an older timestamp must still apply.
  return new Migrator({ db, provider: { getMigrations: async () => migrations }, allowUnorderedMigrations: true });
}

/** Brings the schema to the latest version; throws with the failing migration's name. */
export async function migrateToLatest<T>(db: Kysely<T>): Promise<string[]> {
  const result: MigrationResultSet = await migrator(db).migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${String(result.error)}`, { cause: result.error });
  }
  return (result.results ?? []).map((r) => r.migrationName);
}

export async function migrateDown<T>(db: Kysely<T>): Promise<string | undefined> {
  const result = await migrator(db).migrateDown();
  if (result.error) throw new Error(`migrate down failed: ${String(result.error)}`, { cause: result.error });
  return result.results?.[0]?.migrationName;
}
