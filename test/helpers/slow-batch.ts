// An NDJSON batch written a few lines at a time on its own connection, for tests of what a server does while a
// request is still arriving (draining, shutdown); and a probe of whether a new connection is served.
import { request as httpRequest } from 'node:http';

export interface SlowBatch {
  /** Writes these filings as lines of the body. */
  send(filings: object[]): void;
  /** Ends the body. */
  end(): void;
  /** Resolves once a first result line has come back. */
  first: Promise<void>;
  /** The status and result lines once the response has ended (`complete`: it was not cut short). */
  results: Promise<{ status: number; lines: any[]; complete: boolean }>;
}

export function slowBatch(base: string, key: string): SlowBatch {
  let firstLine!: () => void;
  const first = new Promise<void>((resolve) => (firstLine = resolve));
  const req = httpRequest(new URL('/v1/filings/batch', base), { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' } });
  const results = new Promise<{ status: number; lines: any[]; complete: boolean }>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        if (text.includes('\n')) firstLine();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, complete: res.complete, lines: text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l)) }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
  // A test that lets the server die under the request still owns the rejection: never unhandled.
  results.catch(() => {});
  return { send: (filings) => req.write(filings.map((f) => `${JSON.stringify(f)}\n`).join('')), end: () => req.end(), first, results };
}

/** A new connection's answer: its status, or the connection error's code (ECONNREFUSED…). */
export const knock = (url: string): Promise<number | string> =>
  fetch(url).then(
    (r) => r.status,
    (e: { cause?: { code?: string } }) => e.cause?.code ?? 'error',
  );
