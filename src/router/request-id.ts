// X-Request-Id as Heroku's router handles it (Dev Center "HTTP Request IDs"): a client's id of
// 20 to 200 characters from [A-Za-z0-9+/=-] is kept, anything else is replaced by a new UUID.
import { randomUUID } from 'node:crypto';

const VALID_REQUEST_ID = /^[A-Za-z0-9+/=-]{20,200}$/;

export function requestIdFor(
  clientValue: string | undefined,
  generate: () => string = randomUUID,
): string {
  return clientValue !== undefined && VALID_REQUEST_ID.test(clientValue) ? clientValue : generate();
}
