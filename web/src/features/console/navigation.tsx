// The console's menu: which pages exist and which roles see them. A page is listed here only once
// it works; features still to come are not shown as dead links.
import { ApartmentOutlined, DashboardOutlined, SettingOutlined } from '@ant-design/icons';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { type Me, type Role, hasAnyRole } from '../auth/session.types';

/** Roles that may open the region and grid browser (admins always may). */
export const regionRoles: readonly Role[] = ['center_operator', 'center_head', 'township_coordinator', 'grid_worker'];
/** Administration is for admins only (hasAnyRole lets admins through any list). */
export const adminRoles: readonly Role[] = [];

export interface NavItem {
  path: string;
  icon: ReactNode;
  label: (t: TFunction) => string;
  /** Undefined: everyone signed in. */
  roles?: readonly Role[];
}

export const navItems: NavItem[] = [
  { path: '/', icon: <DashboardOutlined />, label: (t) => t('nav.workbench') },
  { path: '/regions', icon: <ApartmentOutlined />, label: (t) => t('nav.regions'), roles: regionRoles },
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
