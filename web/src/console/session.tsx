// The officer's session: who is logged in (from the cookie the server set), login and logout.
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, ApiError, setCsrfToken } from '../shared/api.ts';

export interface Officer {
  partyId: string;
  role: string;
  name: string;
}

interface SessionReply {
  actor: Officer;
  csrfToken: string | null;
  expiresAt?: string;
}

interface Session {
  officer: Officer | null | undefined;
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }): ReactNode {
  // undefined: not known yet; null: nobody logged in.
  const [officer, setOfficer] = useState<Officer | null>();
  const adopt = (r: SessionReply) => {
    setCsrfToken(r.csrfToken);
    setOfficer(r.actor);
  };
  useEffect(() => {
    api<SessionReply>('/v1/session')
      .then(adopt)
      .catch((e: unknown) => {
        if (e instanceof ApiError && e.status === 401) setOfficer(null);
        else setOfficer(null);
      });
  }, []);
  const login = useCallback(async (username: string, password: string) => {
    adopt(await api<SessionReply>('/v1/session', { method: 'POST', body: { username, password } }));
  }, []);
  const logout = useCallback(async () => {
    await api('/v1/session', { method: 'DELETE' }).catch(() => undefined);
    setCsrfToken(null);
    setOfficer(null);
  }, []);
  return <SessionContext.Provider value={{ officer, login, logout }}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

/** Officers and administrators read everything; an agency works its own queue. */
export const isOfficer = (o: Officer | null | undefined): boolean => o?.role === 'officer' || o?.role === 'admin';
