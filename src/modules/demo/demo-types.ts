// Small shared types of the demo generator.
import type { caseChannels, casePriorities } from '../cases/workflow.js';

export type CaseChannel = (typeof caseChannels)[number];
export type CasePriority = (typeof casePriorities)[number];
