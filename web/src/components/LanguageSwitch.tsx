// 中文 / English, kept in localStorage (see i18n/index.ts).
import { GlobalOutlined } from '@ant-design/icons';
import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { type Language, currentLanguage, setLanguage } from '../i18n';

export const languageNames: Record<Language, string> = { 'zh-CN': '中文', en: 'English' };

export function LanguageSwitch() {
  const { t } = useTranslation();
  return (
    <div style={{ display: 'inline-flex', alignItems: 'center', gap: 8 }}>
      <GlobalOutlined aria-hidden style={{ color: '#64748b' }} />
      <Segmented<Language>
        size="small"
        aria-label={t('language.label')}
        value={currentLanguage()}
        onChange={(value) => void setLanguage(value)}
        options={[
          { value: 'zh-CN', label: <span lang="zh-CN">{languageNames['zh-CN']}</span> },
          { value: 'en', label: <span lang="en">{languageNames.en}</span> },
        ]}
      />
    </div>
  );
}
