// Up to 6 photos, each uploaded as soon as it is chosen (the server checks it by its content and
// answers a token), shown as a preview that can be removed again.
import { CameraOutlined, CloseOutlined } from '@ant-design/icons';
import { Button, Typography } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api';
import { uploadPhoto } from './portal.api';
import styles from './Portal.module.css';

export const MAX_PHOTOS = 6;

export interface Photo {
  id: string;
  file: File;
  url: string;
  state: 'uploading' | 'done' | 'failed';
  token?: string;
  error?: string;
  /** Whether it went up with its location kept (it must go up again if that choice changes). */
  keptLocation: boolean;
}

interface Props {
  photos: Photo[];
  onChange(update: (photos: Photo[]) => Photo[]): void;
  keepLocation: boolean;
}

export function PhotoPicker({ photos, onChange, keepLocation }: Props) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);

  const send = (photo: Photo, keep: boolean) => {
    onChange((list) => list.map((p) => (p.id === photo.id ? { ...p, state: 'uploading', keptLocation: keep, error: undefined } : p)));
    uploadPhoto(photo.file, keep).then(
      (uploaded) => onChange((list) => list.map((p) => (p.id === photo.id ? { ...p, state: 'done', token: uploaded.token } : p))),
      (error: unknown) => {
        const message = isApiError(error) ? (error.errors[0]?.message ?? error.detail) : String(error);
        onChange((list) => list.map((p) => (p.id === photo.id ? { ...p, state: 'failed', error: message } : p)));
      },
    );
  };

  // Sharing the location changed after upload: send those photos again, with the new choice.
  useEffect(() => {
    for (const photo of photos) if (photo.state === 'done' && photo.keptLocation !== keepLocation) send(photo, keepLocation);
  }, [keepLocation]);

  const add = (files: FileList | null) => {
    if (!files) return;
    const room = MAX_PHOTOS - photos.length;
    const added = [...files].slice(0, room).map<Photo>((file) => ({ id: `${Date.now()}-${Math.random()}`, file, url: URL.createObjectURL(file), state: 'uploading', keptLocation: keepLocation }));
    onChange((list) => [...list, ...added]);
    for (const photo of added) send(photo, keepLocation);
    if (input.current) input.current.value = '';
  };

  const remove = (photo: Photo) => {
    URL.revokeObjectURL(photo.url);
    onChange((list) => list.filter((p) => p.id !== photo.id));
  };

  return (
    <div>
      <div className={styles.photos}>
        {photos.map((photo, i) => (
          <div key={photo.id} className={styles.photo}>
            <img src={photo.url} alt={t('portal.report.photoAlt', { n: i + 1 })} />
            <Button size="small" shape="circle" className={styles.photoRemove} icon={<CloseOutlined />} aria-label={t('portal.report.photoRemove', { n: i + 1 })} onClick={() => remove(photo)} />
            {photo.state !== 'done' && (
              <span className={styles.photoState} role={photo.state === 'failed' ? 'alert' : undefined}>
                {photo.state === 'uploading' ? t('portal.report.photoUploading') : t('portal.report.photoFailed')}
              </span>
            )}
          </div>
        ))}
      </div>
      {photos.some((p) => p.state === 'failed') && (
        <Typography.Paragraph type="danger" style={{ marginTop: 8 }}>
          {photos.filter((p) => p.state === 'failed').map((p) => p.error).join('; ')}
        </Typography.Paragraph>
      )}
      <input ref={input} type="file" accept="image/jpeg,image/png,image/webp,image/heic" multiple style={{ display: 'none' }} onChange={(e) => add(e.target.files)} data-testid="photo-input" />
      <Button icon={<CameraOutlined />} onClick={() => input.current?.click()} disabled={photos.length >= MAX_PHOTOS} style={{ marginTop: 8 }}>
        {t('portal.report.photoAdd', { n: photos.length, max: MAX_PHOTOS })}
      </Button>
    </div>
  );
}
