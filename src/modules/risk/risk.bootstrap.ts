// Seeds the shipped risk data (the project's red-flag checklist, the pattern rules, the tier table)
// and the mediation agreement template into a database that has none yet.
import type { BootstrapStep } from '../../bootstrap.js';
import { seedAgreementTemplate } from '../mediation/mediation.template.js';
import { seedRiskDefinitions } from './risk.definitions.service.js';

export const riskMediationBootstrapStep: BootstrapStep = {
  name: 'risk definitions and mediation template',
  async run(db) {
    await db.transaction().execute(async (trx) => {
      await seedRiskDefinitions(trx);
      await seedAgreementTemplate(trx);
    });
  },
};
