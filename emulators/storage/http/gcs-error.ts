// The one edge where errors become wire responses: any thrown value → a GCS JSON error body
// `{error:{code,message,errors:[{domain:'global',reason,message}]}}` with the matching status.
import { HTTP_STATUS, toDevkitError } from '../../common/index.ts';

const DEFAULT_REASON: Record<number, string> = {
  400: 'invalid',
  401: 'required',
  403: 'forbidden',
  404: 'notFound',
  409: 'conflict',
  412: 'conditionNotMet',
  416: 'requestedRangeNotSatisfiable',
  429: 'rateLimitExceeded',
  500: 'backendError',
  501: 'notImplemented',
  503: 'backendError',
};

export interface WireError {
  status: number;
  body: {
    error: { code: number; message: string; errors: { domain: string; reason: string; message: string }[] };
  };
}

export function toGcsError(err: unknown): WireError {
  const e = toDevkitError(err);
  const status = e.details.httpStatus ?? HTTP_STATUS[e.code];
  const reason = e.details.reason ?? DEFAULT_REASON[status] ?? 'invalid';
  return {
    status,
    body: {
      error: { code: status, message: e.message, errors: [{ domain: 'global', reason, message: e.message }] },
    },
  };
}
