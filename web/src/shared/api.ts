// The browser's client of the Clearway API: JSON in and out, the API's error shape turned into an ApiError.

/** One refusal as the API names it: where, what rule, in words. */
export interface Problem {
  path: string;
  code: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problems: Problem[],
  ) {
    super(problems.map((p) => p.message).join('; ') || `HTTP ${status}`);
  }
  /** The first problem with this code, if the API gave one. */
  has(code: string): boolean {
    return this.problems.some((p) => p.code === code);
  }
}

let csrfToken: string | null = null;
/** The console's session sends this header on every change (the server refuses a cookie without it). */
export const setCsrfToken = (token: string | null): void => {
  csrfToken = token;
};
/** Headers a change needs besides its body (for requests not sent through api(), such as an upload). */
export const changeHeaders = (): Record<string, string> => (csrfToken ? { 'x-csrf-token': csrfToken } : {});

let unauthorised: (() => void) | undefined;
/** Called when the server no longer knows the session (ended, expired, logged out elsewhere): the console logs in again. */
export const onUnauthorised = (handler: (() => void) | undefined): void => {
  unauthorised = handler;
};

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') Object.assign(headers, changeHeaders());
  const res = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const body: unknown = text && (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text;
  if (res.status === 401 && path !== '/v1/session') unauthorised?.();
  if (!res.ok) {
    const errors = (body as { errors?: Problem[] } | undefined)?.errors;
    throw new ApiError(res.status, Array.isArray(errors) ? errors : [{ path: '', code: `http-${res.status}`, message: `the server answered ${res.status}` }]);
  }
  return body as T;
}

/** A query string from the defined values only. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
