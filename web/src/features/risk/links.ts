// Where the risk and mediation pages link to. One place, so the case page's address is not spread
// through the code.
export const warningHref = (id: number) => `/risk/warnings/${id}`;
export const mediationHref = (id: number) => `/mediations/${id}`;
export const caseRiskHref = (caseId: number) => `/cases/${caseId}/risk`;
export const caseMediationHref = (caseId: number) => `/cases/${caseId}/mediation`;
/** The case itself. */
export const caseHref = (caseId: number) => `/cases/${caseId}`;
