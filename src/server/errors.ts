// API errors: every failure leaves the server as { error: { code, message, details? } } with the
// status code saying what kind it is; the message is Chinese and meant for the user.

export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details: unknown = undefined,
  ) {
    super(message);
  }
}

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export function errorBody(code: string, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

export const badRequest = (message: string, details?: unknown, code = 'bad-request') => new HttpError(400, code, message, details);
export const unauthorized = (message = '尚未登录或登录已过期，请重新登录', code = 'unauthorized') => new HttpError(401, code, message);
export const forbidden = (message = '没有权限执行此操作', code = 'forbidden') => new HttpError(403, code, message);
export const notFound = (message = '要查找的内容不存在', code = 'not-found') => new HttpError(404, code, message);
export const conflict = (message: string, code = 'conflict') => new HttpError(409, code, message);

/** One request-validation problem, with a Chinese message and where it is. */
export interface Issue {
  /** Where in the request: 'body', 'querystring', 'params' or 'headers'. */
  in: string;
  /** Dotted path inside it ('' for the whole part). */
  path: string;
  message: string;
}

/** A request that did not match its schema (400). */
export class ValidationError extends HttpError {
  override name = 'ValidationError';
  constructor(readonly issues: Issue[]) {
    const first = issues[0];
    const where = first === undefined ? '' : first.path === '' ? '' : `（${first.path}）`;
    super(400, 'validation', first === undefined ? '请求参数有误' : `请求参数有误${where}：${first.message}`, issues);
  }
}

/** Status texts for errors that carry only a status code (from Fastify or a plugin). */
export const STATUS_MESSAGES: Readonly<Record<number, string>> = {
  400: '请求内容有误',
  401: '尚未登录或登录已过期，请重新登录',
  403: '没有权限执行此操作',
  404: '要查找的内容不存在',
  405: '不支持此请求方法',
  406: '无法按要求的格式返回',
  409: '数据冲突，请刷新后重试',
  413: '上传的内容太大',
  415: '不支持的内容类型',
  429: '请求过于频繁，请稍后再试',
  500: '服务器内部错误，请稍后再试或联系管理员',
  503: '服务暂不可用，请稍后再试',
};

export function statusMessage(status: number): string {
  return STATUS_MESSAGES[status] ?? (status >= 500 ? (STATUS_MESSAGES[500] as string) : `请求失败（${status}）`);
}
