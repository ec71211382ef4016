// POST /auth/password: the current password, the new one twice; server field errors land on fields.
import { App, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../api';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

const fieldNames = ['currentPassword', 'newPassword'];
/** The server's PASSWORD_MIN_LENGTH (src/crypto/password.ts); the server has the last word. */
export const MIN_PASSWORD_LENGTH = 10;

/** Errors fully shown on the form's fields need no alert as well. */
function isFieldOnly(error: unknown): boolean {
  if (!isApiError(error)) return false;
  if (error.code === 'invalid_credentials') return true;
  return error.code === 'validation_failed' && error.errors.length > 0 && error.errors.every((e) => fieldNames.includes(e.field));
}

export function ChangePasswordModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<PasswordForm>();
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);

  function close() {
    form.resetFields();
    setError(null);
    onClose();
  }

  async function submit(values: PasswordForm) {
    setSaving(true);
    setError(null);
    try {
      await api.post<void>('/auth/password', { currentPassword: values.currentPassword, newPassword: values.newPassword });
      void message.success(t('password.changed'));
      close();
    } catch (caught) {
      setError(caught);
      if (isApiError(caught)) {
        // The server's field messages are English; the two everyone meets are translated.
        for (const e of caught.errors) {
          if (e.field === 'currentPassword') form.setFields([{ name: 'currentPassword', errors: [t('password.currentWrong')] }]);
          if (e.field === 'newPassword') form.setFields([{ name: 'newPassword', errors: [/differ/.test(e.message) ? t('password.mustDiffer') : e.message] }]);
        }
        if (caught.code === 'invalid_credentials') form.setFields([{ name: 'currentPassword', errors: [t('password.currentWrong')] }]);
      }
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      open={open}
      title={t('password.title')}
      okText={t('password.submit')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={close}
      confirmLoading={saving}
      destroyOnHidden
    >
      <Form<PasswordForm> form={form} layout="vertical" onFinish={submit} requiredMark={false} style={{ marginTop: 16 }}>
        <Form.Item name="currentPassword" label={t('password.current')} rules={[{ required: true, message: t('password.currentRequired') }]}>
          <Input.Password autoComplete="current-password" autoFocus />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('password.new')}
          extra={t('password.rule', { min: MIN_PASSWORD_LENGTH })}
          rules={[
            { required: true, message: t('password.newRequired') },
            { min: MIN_PASSWORD_LENGTH, message: t('password.rule', { min: MIN_PASSWORD_LENGTH }) },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('password.confirm')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('password.confirmRequired') },
            ({ getFieldValue }) => ({
              validator: (_rule, value) =>
                !value || getFieldValue('newPassword') === value ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        {/* Hidden submit so Enter in any field submits the form. */}
        <button type="submit" hidden aria-hidden tabIndex={-1} />
        {error && !isFieldOnly(error) ? <ApiErrorAlert error={error} hideFields={fieldNames} /> : null}
      </Form>
    </Modal>
  );
}
