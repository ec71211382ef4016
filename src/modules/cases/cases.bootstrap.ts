// Seeds the editable reference data of case handling (categories, routing rules, SLA policies,
// the business calendar) into a database that has none yet.
import type { BootstrapStep } from '../../bootstrap.js';
import { seedCategories } from '../categories/categories.service.js';
import { seedSla } from '../sla/sla.service.js';

export const caseReferenceDataStep: BootstrapStep = {
  name: 'case reference data',
  async run(db) {
    await db.transaction().execute(async (trx) => {
      await seedCategories(trx);
      await seedSla(trx);
    });
  },
};
