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
export const MIN_PASSWORD_LENGTH = 8;

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
        for (const e of caught.errors) {
          if (e.field === 'currentPassword' || e.field === 'newPassword') form.setFields([{ name: e.field, errors: [e.message] }]);
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
        {error && !(isApiError(error) && error.code === 'invalid_credentials') ? <ApiErrorAlert error={error} hideFields={fieldNames} /> : null}
      </Form>
    </Modal>
  );
}
