// An API error shown in place: a translated headline, the server's detail, and the field errors
// that are not attached to a form field.
import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api';
import { errorTitle } from '../i18n/labels';

export function ApiErrorAlert({ error, hideFields = [] }: { error: unknown; hideFields?: string[] }) {
  const { t } = useTranslation();
  if (!error) return null;
  if (!isApiError(error)) {
    return <Alert type="error" showIcon role="alert" message={t('error.unknown')} description={String(error)} />;
  }
  const fieldErrors = error.errors.filter((e) => !hideFields.includes(e.field));
  const detail = error.code === 'network' ? t('error.networkDetail') : error.detail;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      message={errorTitle(t, error.code, error.title)}
      description={
        detail || fieldErrors.length > 0 ? (
          <>
            {detail && <div>{detail}</div>}
            {fieldErrors.length > 0 && (
              <ul style={{ margin: '4px 0 0', paddingInlineStart: 18 }}>
                {fieldErrors.map((e) => (
                  <li key={e.field}>
                    <code>{e.field}</code>: {e.message}
                  </li>
                ))}
              </ul>
            )}
          </>
        ) : undefined
      }
    />
  );
}
