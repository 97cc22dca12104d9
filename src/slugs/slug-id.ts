// Slug ids and staging folder names. An id sorts by creation time as text, is unique (a random
// tail, and never the same instant twice in one process) and safe as a file name everywhere.
import { randomBytes } from 'node:crypto';

const SLUG_ID = /^\d{8}T\d{9}Z-[0-9a-f]{8}$/;
const STAGING = /^\.staging-(\d+)-(.+)$/;

let lastMs = 0;

/** `20261201T211844123Z-1a2b3c4d`: UTC time to the millisecond, then 32 random bits. */
export function newSlugId(nowMs: number = Date.now()): string {
  const ms = Math.max(nowMs, lastMs + 1);
  lastMs = ms;
  const stamp = new Date(ms).toISOString().replace(/[-:.]/g, '');
  return `${stamp}-${randomBytes(4).toString('hex')}`;
}

export function isSlugId(text: string): boolean {
  return SLUG_ID.test(text);
}

/** The staging folder's name: the pid says whether its owner is still alive. */
export function stagingName(pid: number, id: string): string {
  return `.staging-${pid}-${id}`;
}

export function stagingOwner(name: string): number | undefined {
  const match = STAGING.exec(name);
  return match ? Number(match[1]) : undefined;
}
