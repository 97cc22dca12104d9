// The dashboard's port is bound before the dashboard loads: what comes in between waits for it.
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { DashboardPort } from '../../src/dashboard/dashboard-port.js';
import { bindDashboardPort, DASHBOARD_HOST } from '../../src/dashboard/dashboard-port.js';

let bound: DashboardPort | undefined;
afterEach(async () => {
  const server = bound?.server;
  bound = undefined;
  if (server !== undefined) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const sent = request({ host: DASHBOARD_HOST, port, path, timeout: 10_000 }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    sent.on('timeout', () => sent.destroy(new Error('no answer within 10 s')));
    sent.on('error', reject);
    sent.end();
  });
}

describe('bindDashboardPort', () => {
  it('holds requests made before the dashboard serves, then hands them over', async () => {
    bound = await bindDashboardPort(0);
    expect(bound.port).toBeGreaterThan(0);
    const seen: string[] = [];
    const early = [get(bound.port, '/first'), get(bound.port, '/second')];
    // Both requests have reached the server, and wait, before anything serves them.
    const server = bound.server;
    await new Promise<void>((resolve) => {
      const check = (): void => {
        server.getConnections((_error, count) => {
          if (count >= 2) resolve();
          else setTimeout(check, 5);
        });
      };
      check();
    });
    bound.serve({
      request: (req, res) => {
        seen.push(req.url ?? '');
        res.end(`served ${req.url ?? ''}`);
      },
      upgrade: (_req, socket) => socket.destroy(),
    });
    const answers = await Promise.all(early);
    expect(answers.map((answer) => answer.body).sort()).toEqual([
      'served /first',
      'served /second',
    ]);
    expect(await get(bound.port, '/later')).toEqual({ status: 200, body: 'served /later' });
    expect(seen).toContain('/later');
  });

  it('says which port is in use, and what to do', async () => {
    bound = await bindDashboardPort(0);
    await expect(bindDashboardPort(bound.port)).rejects.toThrow(
      new RegExp(`the dashboard's port ${bound.port} is in use`),
    );
  });
});
