// The one door to the server. Same-origin cookies carry the session; every state-changing
// request carries the CSRF token the server handed out with GET /api/session. A 401 sends the
// user to the login page; any other error shows the server's Chinese message.

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown = null,
    /** The whole JSON answer, for endpoints whose refusal is a report rather than an error (a refused list). */
    readonly body: unknown = null,
  ) {
    super(message);
  }
}

type Notify = (text: string) => void;

let csrfToken: string | null = null;
let onUnauthorized: () => void = () => {};
let notifyError: Notify = (text) => console.error(text);

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function configureClient(opts: { onUnauthorized?: () => void; notifyError?: Notify }): void {
  if (opts.onUnauthorized) onUnauthorized = opts.onUnauthorized;
  if (opts.notifyError) notifyError = opts.notifyError;
}

export type Query = Record<string, string | number | boolean | null | undefined | readonly (string | number)[]>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  form?: FormData;
  /** Do not show the error to the user (the caller shows it in place, e.g. the login form). */
  silent?: boolean;
  /** A 401 is an expected answer (the login request itself): do not redirect. */
  allow401?: boolean;
  signal?: AbortSignal;
}

export function buildUrl(path: string, query?: Query): string {
  if (!query) return path;
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === null || v === undefined || v === '') continue;
    if (Array.isArray(v)) {
      if (v.length > 0) q.set(k, v.join(','));
    } else {
      q.set(k, String(v));
    }
  }
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

function headersFor(method: string, hasJson: boolean): Headers {
  const h = new Headers({ accept: 'application/json' });
  if (hasJson) h.set('content-type', 'application/json');
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) h.set('x-csrf-token', csrfToken);
  return h;
}

const STATUS_TEXT: Record<number, string> = {
  400: '请求内容有误',
  401: '登录已失效，请重新登录',
  403: '没有权限执行此操作',
  404: '要查找的内容不存在',
  409: '数据已被他人修改，请刷新后重试',
  413: '文件太大，超出了允许的上传大小',
  429: '操作过于频繁，请稍后再试',
};

async function toError(res: Response): Promise<ApiError> {
  let code = `http-${res.status}`;
  let message = STATUS_TEXT[res.status] ?? (res.status >= 500 ? '服务器出错，请稍后再试或联系管理员' : `请求失败（${res.status}）`);
  let details: unknown = null;
  let body: { error?: { code?: string; message?: string; details?: unknown; issues?: unknown } } | null = null;
  try {
    body = (await res.json()) as { error?: { code?: string; message?: string; details?: unknown; issues?: unknown } };
    if (body?.error?.message) message = body.error.message;
    if (body?.error?.code) code = body.error.code;
    details = body?.error?.details ?? body?.error?.issues ?? null;
  } catch {
    // Not JSON (a proxy's error page): keep the generic text.
  }
  return new ApiError(res.status, code, message, details, body);
}

async function send(method: string, path: string, opts: RequestOptions): Promise<Response> {
  const hasJson = opts.body !== undefined && !opts.form;
  let res: Response;
  try {
    res = await fetch(buildUrl(path, opts.query), {
      method,
      credentials: 'same-origin',
      headers: headersFor(method, hasJson),
      body: opts.form ?? (hasJson ? JSON.stringify(opts.body) : undefined),
      signal: opts.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    const err = new ApiError(0, 'network', '无法连接服务器，请检查网络后重试');
    if (!opts.silent) notifyError(err.message);
    throw err;
  }
  if (!res.ok) {
    const err = await toError(res);
    if (res.status === 401 && !opts.allow401) onUnauthorized();
    // A page that could not be read shows the reason itself (LoadState): no second toast for it.
    else if (!opts.silent && !(method === 'GET' && (res.status === 403 || res.status === 404))) notifyError(err.message);
    throw err;
  }
  return res;
}

export async function request<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, opts: RequestOptions = {}): Promise<T> {
  const res = await send(method, path, opts);
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  if (!type.includes('json')) return undefined as T;
  return (await res.json()) as T;
}

export const get = <T>(path: string, opts?: RequestOptions) => request<T>('GET', path, opts);
export const post = <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('POST', path, { ...opts, body: body ?? {} });
export const put = <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('PUT', path, { ...opts, body: body ?? {} });
export const patch = <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('PATCH', path, { ...opts, body: body ?? {} });

/** The file name from Content-Disposition (RFC 6266 / 5987 `filename*` preferred). */
export function dispositionName(header: string | null): string | null {
  if (!header) return null;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
    } catch {
      // fall through to the plain parameter
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(header);
  return plain?.[1] ?? null;
}

/**
 * Downloads a file the server produces (workbooks). Fetched rather than followed as a link so
 * that a refusal shows the server's message instead of replacing the page with JSON.
 */
export async function download(path: string, fallbackName: string, query?: Query): Promise<void> {
  const res = await send('GET', path, { query });
  const blob = await res.blob();
  const name = dispositionName(res.headers.get('content-disposition')) ?? fallbackName;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
