import { Result } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../auth/session';
import { type Role, hasAnyRole } from '../auth/session.types';

/** Shows its page only to holders of one of the roles (admins always); others get a 403 page. */
export function RoleGate({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const me = useMe();
  const { t } = useTranslation();
  if (hasAnyRole(me, roles)) return children;
  return <Result status="403" title="403" subTitle={t('console.forbidden')} />;
}
