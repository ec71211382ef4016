// The console's menu: which pages exist and which roles see them. A page is listed here only once
// it works; features still to come are not shown as dead links.
import { ApartmentOutlined, CustomerServiceOutlined, DashboardOutlined, DeploymentUnitOutlined, FileSearchOutlined, SettingOutlined } from '@ant-design/icons';
import type { TFunction } from 'i18next';
import { FundProjectionScreenOutlined } from '@ant-design/icons';
import { AlertOutlined, TeamOutlined } from '@ant-design/icons';
import { CalendarOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import { type Me, type Role, hasAnyRole } from '../auth/session.types';
import { WorklistNavIcon } from '../worklists/WorklistNavIcon';

/** Roles that may open the region and grid browser (admins always may). */
export const regionRoles: readonly Role[] = ['center_operator', 'center_head', 'township_coordinator', 'grid_worker'];
/** Centre staff: take calls, accept, dispatch and follow up. */
export const centerRoles: readonly Role[] = ['center_operator', 'center_head', 'township_coordinator'];
/** Who handles dispatched cases. */
const handlerRoles: readonly Role[] = ['department_handler', 'department_head', 'mediator', 'grid_worker'];
/** Everyone who works cases or watches them (not resident volunteers). */
export const caseRoles: readonly Role[] = [...centerRoles, ...handlerRoles, 'supervisor', 'analyst', 'auditor'];
/**
 * The administration area: admins see all of it (hasAnyRole lets them through any list); centre
 * heads the pages of their own subtree (units, people, grids, webhooks, tokens); auditors the audit
 * log. Each admin page checks its own roles again (features/admin/admin-sections.tsx).
 */
export const adminRoles: readonly Role[] = ['center_head', 'auditor'];
/** Who opens the command dashboard: centres, heads, supervisors, analysts and auditors. */
export const dashboardRoles: readonly Role[] = ['center_operator', 'center_head', 'township_coordinator', 'department_head', 'supervisor', 'analyst', 'auditor'];
/** People's mediation: committees' mediators, the centre staff who own disputes, supervisors (read). */
export const mediationRoles: readonly Role[] = ['mediator', 'township_coordinator', 'center_head', 'center_operator', 'supervisor'];
/** Appointments at one-stop centres: the roles the server lets publish places and check people in. */
export const appointmentRoles: readonly Role[] = ['center_operator', 'center_head'];
/** Risk warnings: mediators, reviewers (township coordinators, centre heads, supervisors). */
export const riskRoles: readonly Role[] = ['mediator', 'township_coordinator', 'center_head', 'supervisor'];

export interface NavItem {
  path: string;
  icon: ReactNode;
  label: (t: TFunction) => string;
  /** Undefined: everyone signed in. */
  roles?: readonly Role[];
}

export const navItems: NavItem[] = [
  { path: '/', icon: <DashboardOutlined />, label: (t) => t('nav.workbench') },
  { path: '/hotline', icon: <CustomerServiceOutlined />, label: (t) => t('nav.hotline'), roles: centerRoles },
  { path: '/dispatch', icon: <DeploymentUnitOutlined />, label: (t) => t('nav.dispatch'), roles: centerRoles },
  { path: '/worklists/to_accept', icon: <WorklistNavIcon name="to_accept" />, label: (t) => t('nav.worklist.to_accept'), roles: centerRoles },
  { path: '/worklists/to_dispatch', icon: <WorklistNavIcon name="to_dispatch" />, label: (t) => t('nav.worklist.to_dispatch'), roles: centerRoles },
  { path: '/worklists/to_acknowledge', icon: <WorklistNavIcon name="to_acknowledge" />, label: (t) => t('nav.worklist.to_acknowledge'), roles: handlerRoles },
  { path: '/worklists/in_progress', icon: <WorklistNavIcon name="in_progress" />, label: (t) => t('nav.worklist.in_progress'), roles: handlerRoles },
  { path: '/worklists/due_soon', icon: <WorklistNavIcon name="due_soon" />, label: (t) => t('nav.worklist.due_soon'), roles: [...centerRoles, ...handlerRoles, 'supervisor'] },
  { path: '/worklists/overdue', icon: <WorklistNavIcon name="overdue" />, label: (t) => t('nav.worklist.overdue'), roles: [...centerRoles, ...handlerRoles, 'supervisor'] },
  { path: '/worklists/to_follow_up', icon: <WorklistNavIcon name="to_follow_up" />, label: (t) => t('nav.worklist.to_follow_up'), roles: centerRoles },
  { path: '/worklists/under_supervision', icon: <WorklistNavIcon name="under_supervision" />, label: (t) => t('nav.worklist.under_supervision'), roles: [...centerRoles, 'department_handler', 'department_head', 'supervisor'] },
  { path: '/appointments', icon: <CalendarOutlined />, label: (t) => t('appointments.nav'), roles: appointmentRoles },
  { path: '/cases', icon: <FileSearchOutlined />, label: (t) => t('nav.cases'), roles: caseRoles },
  { path: '/mediations', icon: <TeamOutlined />, label: (t) => t('mediation.nav'), roles: mediationRoles },
  { path: '/risk/warnings', icon: <AlertOutlined />, label: (t) => t('risk.nav'), roles: riskRoles },
  { path: '/regions', icon: <ApartmentOutlined />, label: (t) => t('nav.regions'), roles: regionRoles },
  { path: '/dashboard', icon: <FundProjectionScreenOutlined />, label: (t) => t('nav.dashboard'), roles: dashboardRoles },
  { path: '/admin', icon: <SettingOutlined />, label: (t) => t('nav.admin'), roles: adminRoles },
];

export function visibleNavItems(me: Me): NavItem[] {
  return navItems.filter((item) => !item.roles || hasAnyRole(me, item.roles));
}

/** The menu entry a location belongs to: the longest path that prefixes it. */
export function navKeyFor(pathname: string): string {
  const match = navItems
    .map((item) => item.path)
    .filter((path) => (path === '/' ? pathname === '/' : pathname === path || pathname.startsWith(`${path}/`)))
    .sort((a, b) => b.length - a.length)[0];
  return match ?? '/';
}
