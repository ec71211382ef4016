// Who is signed in, for the whole app: probes GET /me once, signs in and out, and turns any 401
// from the API into a trip to the login page that comes back to where the user was.
import { type ReactNode, createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, isApiError, onUnauthorized, rememberCsrfToken } from '../../api';
import type { LoginAnswer, Me } from './session.types';

/** `signedOut`: the user signed out on purpose, so the login page need not offer to come back. */
type SessionState = { status: 'loading' } | { status: 'anonymous'; signedOut?: boolean } | { status: 'signedIn'; me: Me };

interface SessionApi {
  state: SessionState;
  signIn(username: string, password: string): Promise<Me>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionApi | null>(null);

export function fetchMe(): Promise<Me> {
  return api.get<Me>('/me', { redirectOn401: false });
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const navigate = useNavigate();

  useEffect(() => {
    let live = true;
    fetchMe().then(
      (me) => live && setState({ status: 'signedIn', me }),
      (error: unknown) => {
        if (!live) return;
        // Only a 401 means "not signed in"; anything else still lands on the login page, which
        // shows the server's answer when the user tries again.
        if (!isApiError(error) || error.status !== 401) console.warn('GET /api/v1/me failed', error);
        setState({ status: 'anonymous' });
      },
    );
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    onUnauthorized(() => {
      setState({ status: 'anonymous' });
      const here = window.location.pathname + window.location.search;
      if (window.location.pathname !== '/login') navigate(`/login?next=${encodeURIComponent(here)}`, { replace: true });
    });
  }, [navigate]);

  const signIn = useCallback(async (username: string, password: string) => {
    const answer = await api.post<LoginAnswer>('/auth/login', { username, password }, { redirectOn401: false });
    rememberCsrfToken(answer.csrfToken);
    const me = await fetchMe();
    setState({ status: 'signedIn', me });
    return me;
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api.post<void>('/auth/logout', undefined, { redirectOn401: false });
    } finally {
      rememberCsrfToken(undefined);
      // RequireSession sends the user to /login when it sees this state.
      setState({ status: 'anonymous', signedOut: true });
    }
  }, []);

  const value = useMemo(() => ({ state, signIn, signOut }), [state, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in user; only for components rendered behind RequireSession. */
export function useMe(): Me {
  const { state } = useSession();
  if (state.status !== 'signedIn') throw new Error('useMe without a signed-in user');
  return state.me;
}
