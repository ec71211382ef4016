// Units: governance centres, departments, social organisations and mediation committees.
export type { UnitsTable } from '../../db/schema.js';

export const unitKinds = ['center', 'department', 'social_org', 'mediation_committee'] as const;
export type UnitKind = (typeof unitKinds)[number];

/** Government departments a centre calls in (吹哨, 报到); stored in units.department_kind. */
export const departmentKinds = [
  'police_station',
  'public_security',
  'court',
  'procuratorate',
  'judicial_office',
  'petition_office',
  'civil_affairs',
  'human_resources_social_security',
  'housing',
  'market_regulation',
  'health',
  'education',
  'emergency_management',
  'fire_rescue',
  'natural_resources',
  'ecology_environment',
  'transport',
  'water',
  'agriculture',
  'forestry_grassland',
  'urban_management',
  'culture_tourism',
  'commerce',
  'medical_security',
  'veterans_affairs',
  'other',
] as const;

/** Social organisations (三社联动); their kind is stored in units.department_kind too. */
export const socialOrgKinds = [
  'trade_union',
  'youth_league',
  'womens_federation',
  'disabled_persons_federation',
  'red_cross',
  'lawyers_association',
  'social_work_agency',
  'volunteer_association',
  'community_organization',
  'other',
] as const;

export const unitStatuses = ['active', 'retired'] as const;
export type UnitStatus = (typeof unitStatuses)[number];

export const CENTER_SUFFIX = '综治中心';
