// The officer's session: who is logged in (from the cookie the server set), login and logout.
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, onUnauthorised, setCsrfToken } from '../shared/api.ts';

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
  /** True when the server ended the session while the console was open. */
  expired: boolean;
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }): ReactNode {
  // undefined: not known yet; null: nobody logged in.
  const [officer, setOfficer] = useState<Officer | null>();
  // The server ended the session while the console was open: the login form says why.
  const [expired, setExpired] = useState(false);
  const adopt = (r: SessionReply) => {
    setCsrfToken(r.csrfToken);
    setExpired(false);
    setOfficer(r.actor);
  };
  useEffect(() => {
    onUnauthorised(() => {
      setCsrfToken(null);
      setExpired(true);
      setOfficer(null);
    });
    return () => onUnauthorised(undefined);
  }, []);
  useEffect(() => {
    api<SessionReply>('/v1/session')
      .then(adopt)
      // 401: nobody is logged in; any other failure also leaves the login form, which shows the next error.
      .catch(() => setOfficer(null));
  }, []);
  const login = useCallback(async (username: string, password: string) => {
    adopt(await api<SessionReply>('/v1/session', { method: 'POST', body: { username, password } }));
  }, []);
  const logout = useCallback(async () => {
    await api('/v1/session', { method: 'DELETE' }).catch(() => undefined);
    setCsrfToken(null);
    setOfficer(null);
  }, []);
  return <SessionContext.Provider value={{ officer, expired, login, logout }}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

/** Officers and administrators read everything; an agency works its own queue. */
export const isOfficer = (o: Officer | null | undefined): boolean => o?.role === 'officer' || o?.role === 'admin';
