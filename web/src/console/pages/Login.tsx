// The console's login form.
import { useConsoleTitle } from '../title.ts';
import { useState, type FormEvent, type ReactNode } from 'react';
import { Problems } from '../../shared/ui.tsx';
import { useSession } from '../session.tsx';

export function Login(): ReactNode {
  const { login, expired } = useSession();
  useConsoleTitle('Log in');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await login(username.trim(), password);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="narrow" style={{ maxWidth: 420 }}>
      <h1>Clearway console</h1>
      {expired ? (
        <p className="notice warn" role="status">
          Your session has ended. Log in again to go on.
        </p>
      ) : (
        <p className="muted">Log in with your officer account.</p>
      )}
      <form onSubmit={submit} className="card" aria-label="Log in">
        <div className="field">
          <label htmlFor="username">Username</label>
          <input id="username" name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required autoFocus style={{ width: '100%' }} />
        </div>
        <div className="field">
          <label htmlFor="password">Password</label>
          <input id="password" name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required style={{ width: '100%' }} />
        </div>
        <Problems error={error} />
        <button type="submit" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
      </form>
    </main>
  );
}
