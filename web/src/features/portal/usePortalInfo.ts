// What every portal page may need first: the province served, whether the dev SMS inbox is on.
import { useEffect, useState } from 'react';
import { type Region, portalApi } from './portal.api';

let cached: Promise<{ province: Region; devSmsInbox: boolean }> | undefined;

export function usePortalInfo() {
  const [info, setInfo] = useState<{ province: Region; devSmsInbox: boolean } | undefined>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    let live = true;
    cached ??= portalApi.info();
    cached.then(
      (value) => live && setInfo(value),
      (e: unknown) => {
        cached = undefined;
        if (live) setError(e);
      },
    );
    return () => {
      live = false;
    };
  }, []);
  return { info, error };
}
