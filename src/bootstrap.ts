// First-start work shared by `npm start`, `pingan migrate` and the test templates: the schema, the
// shipped regions and a governance centre for every province/city/county/township region.
import type { Db } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { regionsBootstrapStep } from './modules/regions/regions.import.js';
import { unitsBootstrapStep } from './modules/units/units.bootstrap.js';
import { caseReferenceDataStep } from './modules/cases/cases.bootstrap.js';
import { riskMediationBootstrapStep } from './modules/risk/risk.bootstrap.js';

export interface BootstrapStep {
  name: string;
  run(db: Db, options: { provinceCode: string; log: (message: string) => void }): Promise<void>;
}

/** Steps after migration, in order; each is idempotent (a no-op when its data is already there). */
// unitsBootstrapStep needs the regions: keep it after regionsBootstrapStep.
export const bootstrapSteps: BootstrapStep[] = [regionsBootstrapStep, unitsBootstrapStep, caseReferenceDataStep, riskMediationBootstrapStep];

export async function bootstrapDatabase(db: Db, options: { provinceCode: string; log?: (message: string) => void }): Promise<void> {
  await migrateToLatest(db);
  const log = options.log ?? (() => {});
  for (const step of bootstrapSteps) await step.run(db, { provinceCode: options.provinceCode, log });
}
