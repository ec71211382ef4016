// The administration pages, who may open each, and their lazily loaded components.
import {
  ApartmentOutlined,
  AuditOutlined,
  BranchesOutlined,
  CalendarOutlined,
  DashboardOutlined,
  KeyOutlined,
  SafetyCertificateOutlined,
  TagsOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { TFunction } from 'i18next';
import { type ComponentType, type LazyExoticComponent, type ReactNode, lazy } from 'react';
import type { Role } from '../auth/session.types';

export interface AdminSection {
  /** Below /admin; '' is the overview. */
  path: string;
  icon: ReactNode;
  label: (t: TFunction) => string;
  /** Besides admins (who may open every page). */
  roles: readonly Role[];
  Component: LazyExoticComponent<ComponentType>;
}

export const adminSections: AdminSection[] = [
  { path: '', icon: <DashboardOutlined />, label: (t) => t('admin.section.overview'), roles: ['center_head', 'auditor'], Component: lazy(() => import('./OverviewSection')) },
  { path: 'grids', icon: <ApartmentOutlined />, label: (t) => t('admin.section.grids'), roles: ['center_head'], Component: lazy(() => import('./GridsSection')) },
  { path: 'units', icon: <TeamOutlined />, label: (t) => t('admin.section.units'), roles: ['center_head'], Component: lazy(() => import('./UnitsSection')) },
  { path: 'users', icon: <UserOutlined />, label: (t) => t('admin.section.users'), roles: ['center_head'], Component: lazy(() => import('./UsersSection')) },
  { path: 'roles', icon: <SafetyCertificateOutlined />, label: (t) => t('admin.section.roles'), roles: ['center_head', 'auditor'], Component: lazy(() => import('./RolesSection')) },
  { path: 'sla', icon: <CalendarOutlined />, label: (t) => t('admin.section.sla'), roles: [], Component: lazy(() => import('./SlaSection')) },
  { path: 'categories', icon: <TagsOutlined />, label: (t) => t('admin.section.categories'), roles: [], Component: lazy(() => import('./CategoriesSection')) },
  { path: 'tokens', icon: <KeyOutlined />, label: (t) => t('admin.section.tokens'), roles: ['center_head'], Component: lazy(() => import('./TokensSection')) },
  { path: 'webhooks', icon: <BranchesOutlined />, label: (t) => t('admin.section.webhooks'), roles: ['center_head'], Component: lazy(() => import('./WebhooksSection')) },
  { path: 'audit', icon: <AuditOutlined />, label: (t) => t('admin.section.audit'), roles: ['auditor'], Component: lazy(() => import('./AuditSection')) },
];
