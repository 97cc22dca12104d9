// Processes: /proc reading, cleanup
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { FIXTURES, STOP_GRACE_MS, TOKEN_ENTRY, WORK, run } from './common.mjs';

/** { pid, ppid, pgrp, state, comm } from /proc/PID/stat, or null when the process is gone. */
export function readStat(pid) {
  let text;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return null;
  }
  const close = text.lastIndexOf(')');
  const comm = text.slice(text.indexOf('(') + 1, close);
  const fields = text.slice(close + 2).split(' ');
  return { pid, state: fields[0], ppid: Number(fields[1]), pgrp: Number(fields[2]), comm };
}

export function listPids() {
  return fs
    .readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

/** Every descendant of `rootPid` (not itself), found by walking ppid links in /proc. */
export function descendants(rootPid) {
  const children = new Map();
  for (const pid of listPids()) {
    const stat = readStat(pid);
    if (!stat) continue;
    if (!children.has(stat.ppid)) children.set(stat.ppid, []);
    children.get(stat.ppid).push(pid);
  }
  const found = [];
  const queue = [rootPid];
  while (queue.length > 0 && found.length < 10_000) {
    for (const child of children.get(queue.shift()) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

export function isLive(pid) {
  const stat = readStat(pid);
  return stat !== null && stat.state !== 'Z' && stat.state !== 'X';
}

export function cmdline(pid) {
  try {
    const text = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
    return text.replaceAll(FIXTURES + '/', '').slice(0, 80);
  } catch {
    return '?';
  }
}

export function kill(target, signal) {
  try {
    process.kill(target, signal);
    return true;
  } catch {
    return false;
  }
}

/** A `/proc/PID/status` memory figure in KiB (VmHWM: peak resident set; VmRSS: current). */
export function procStatusKiB(pid, field) {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
      fs.readFileSync(`/proc/${pid}/status`, 'utf8'),
    );
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

export const vmHWM = (pid) => procStatusKiB(pid, 'VmHWM');

export let clockTicks;
/** CPU time (user + system) a process has used so far, in ms, from `/proc/PID/stat`. */
export function cpuTimeMs(pid) {
  clockTicks ??= Number(run('getconf', ['CLK_TCK']).stdout.trim()) || 100;
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks; // utime, stime
  } catch {
    return null;
  }
}

/** Processes this run started that are still alive: the token is in their environment, or they
 * run in a scratch app folder. Used as the last safety net after each measurement. */
export function leftovers() {
  const found = [];
  for (const pid of listPids()) {
    if (pid === process.pid) continue;
    let ours = false;
    try {
      ours = fs.readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(TOKEN_ENTRY);
    } catch {
      // kernel thread or gone
    }
    if (!ours) {
      try {
        ours = fs.readlinkSync(`/proc/${pid}/cwd`).startsWith(WORK + path.sep);
      } catch {
        // gone or not readable
      }
    }
    if (ours && isLive(pid)) found.push(pid);
  }
  return found;
}

export const active = new Set(); // tool processes currently running, for cleanup on interruption

/** SIGKILL the tool's process group, then every recorded pid still alive, then any leftover. */
export async function cleanup(child, recorded = []) {
  if (child?.pid) kill(-child.pid, 'SIGKILL');
  for (const pid of recorded) if (isLive(pid)) kill(pid, 'SIGKILL');
  for (let round = 0; round < 5; round++) {
    const rest = leftovers();
    if (rest.length === 0) break;
    for (const pid of rest) kill(pid, 'SIGKILL');
    await sleep(50);
  }
  if (child) active.delete(child);
}

export function hasExited(child) {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Resolves true when `child` exits within `ms`, false otherwise (no timer left behind). */
export function waitExit(child, ms) {
  if (hasExited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onExit = () => {
      clearTimeout(timer);
      resolve(true);
    };
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(hasExited(child));
    }, ms);
    child.once('exit', onExit);
  });
}

/** Stop a tool as a user would: SIGTERM, then SIGKILL its group after 10 s; then clean up. */
export async function stopTool(child) {
  const recorded = child.exitCode === null ? descendants(child.pid) : [];
  kill(child.pid, 'SIGTERM');
  if (!(await waitExit(child, STOP_GRACE_MS))) kill(-child.pid, 'SIGKILL');
  await waitExit(child, 2_000);
  await cleanup(child, recorded);
}

export function describeExit(child) {
  return child.signalCode
    ? `killed by ${child.signalCode}`
    : `exited with status ${child.exitCode}`;
}
