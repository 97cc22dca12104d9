// Heroku's router error codes that hdev reproduces, with their exact descriptions and statuses
// (Dev Center "Heroku Error Codes"; the log shapes in heroku-semantics §4).

export type RouterErrorCode = 'H10' | 'H12' | 'H13' | 'H14' | 'H15' | 'H18' | 'H20' | 'H21' | 'H27';

export interface RouterError {
  readonly code: RouterErrorCode;
  readonly desc: string;
  /** The status the client gets: 503, or 499 for a client that gave up (H27). */
  readonly status: number;
  /** `at=` severity in the router log line. */
  readonly level: 'error' | 'warning';
  /** `sock=` prefix Heroku puts before some codes. */
  readonly sock?: 'client' | 'backend';
}

export const ROUTER_ERRORS: Readonly<Record<RouterErrorCode, RouterError>> = {
  H10: { code: 'H10', desc: 'App crashed', status: 503, level: 'error' },
  H12: { code: 'H12', desc: 'Request timeout', status: 503, level: 'error' },
  H13: { code: 'H13', desc: 'Connection closed without response', status: 503, level: 'error' },
  H14: { code: 'H14', desc: 'No web processes running', status: 503, level: 'error' },
  H15: { code: 'H15', desc: 'Idle connection', status: 503, level: 'error' },
  H18: {
    code: 'H18',
    desc: 'Server Request Interrupted',
    status: 503,
    level: 'error',
    sock: 'backend',
  },
  H20: { code: 'H20', desc: 'App boot timeout', status: 503, level: 'error' },
  H21: { code: 'H21', desc: 'Backend connection refused', status: 503, level: 'error' },
  H27: {
    code: 'H27',
    desc: 'Client Request Interrupted',
    status: 499,
    level: 'warning',
    sock: 'client',
  },
};
