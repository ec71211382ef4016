// The user menu: who I am (name, roles and units), change password, language, sign out.
import { CheckOutlined, DownOutlined, KeyOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Button, Dropdown, type MenuProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { languageNames } from '../../components/LanguageSwitch';
import { type Language, currentLanguage, languages, setLanguage } from '../../i18n';
import { roleLabel } from '../../i18n/labels';
import { useMe, useSession } from '../auth/session';
import { ChangePasswordModal } from './ChangePasswordModal';

export function UserMenu() {
  const { t } = useTranslation();
  const me = useMe();
  const { signOut } = useSession();
  const [changingPassword, setChangingPassword] = useState(false);
  const [open, setOpen] = useState(false);
  const language = currentLanguage();
  const primary = me.grants[0];

  const items: MenuProps['items'] = [
    {
      key: 'who',
      type: 'group',
      label: (
        <div style={{ maxWidth: 280 }}>
          <div style={{ fontWeight: 600, color: '#0f1f3d' }}>{me.user.displayName}</div>
          <div style={{ fontSize: 12 }}>@{me.user.username}</div>
        </div>
      ),
      children: me.grants.map((g) => ({
        key: `grant-${g.unitId}-${g.role}`,
        disabled: true,
        label: (
          <span style={{ fontSize: 12 }}>
            {roleLabel(t, g.role)} · {g.unitName}
          </span>
        ),
      })),
    },
    { type: 'divider' },
    { key: 'password', icon: <KeyOutlined />, label: t('userMenu.changePassword') },
    { type: 'divider' },
    {
      key: 'language',
      type: 'group',
      label: t('userMenu.language'),
      children: languages.map((lang) => ({
        key: `lang:${lang}`,
        icon: lang === language ? <CheckOutlined /> : <span aria-hidden style={{ display: 'inline-block', width: 14 }} />,
        label: <span lang={lang}>{languageNames[lang]}</span>,
      })),
    },
    { type: 'divider' },
    { key: 'logout', icon: <LogoutOutlined />, danger: true, label: t('userMenu.logout') },
  ];

  const onClick: MenuProps['onClick'] = ({ key }) => {
    setOpen(false);
    if (key === 'password') setChangingPassword(true);
    else if (key === 'logout') void signOut();
    else if (key.startsWith('lang:')) {
      const lang = languages.find((l: Language) => `lang:${l}` === key);
      if (lang) void setLanguage(lang);
    }
  };

  return (
    <>
      <Dropdown menu={{ items, onClick }} trigger={['click']} placement="bottomRight" open={open} onOpenChange={setOpen} destroyOnHidden>
        <Button type="text" aria-label={t('userMenu.open')} style={{ height: 48, display: 'flex', alignItems: 'center', gap: 10 }} data-testid="user-menu">
          <Avatar size={32} icon={<UserOutlined />} style={{ background: '#1d4ed8' }} />
          <span style={{ display: 'flex', flexDirection: 'column', alignItems: 'flex-start', lineHeight: 1.25 }}>
            <span style={{ fontWeight: 600 }}>{me.user.displayName}</span>
            {primary && (
              <span style={{ fontSize: 12, color: '#64748b' }}>
                {roleLabel(t, primary.role)} · {primary.unitName}
                {me.grants.length > 1 ? ` +${me.grants.length - 1}` : ''}
              </span>
            )}
          </span>
          <DownOutlined aria-hidden style={{ fontSize: 10, color: '#64748b' }} />
        </Button>
      </Dropdown>
      <ChangePasswordModal open={changingPassword} onClose={() => setChangingPassword(false)} />
    </>
  );
}
