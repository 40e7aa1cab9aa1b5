import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from './main.js';

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

describe('startServer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tuopin-main-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('listens on 127.0.0.1 by default, answers over HTTP, and closes server then store', async () => {
    const server = await startServer({ port: 0, db: join(dir, 'a.db'), env: {}, logLevel: 'silent', handleSignals: false });
    expect(server.host).toBe('127.0.0.1');
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.demoAccounts).toBeNull();
    const r = await get(`${server.url}/api/session`);
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ user: null, setupRequired: true, demo: false, demoToday: null });

    await server.close();
    await server.closed;
    await expect(get(`${server.url}/api/session`)).rejects.toThrow();
    // The store is closed too: queries fail.
    await expect(server.store.users.count()).rejects.toThrow();
    await server.close();
  });

  it('creates the demo accounts in demo mode (admin only when no region is stored)', async () => {
    const server = await startServer({ port: 0, db: join(dir, 'b.db'), env: { TUOPIN_DEMO: '1' }, logLevel: 'silent', handleSignals: false });
    try {
      expect(server.demoAccounts?.map((a) => a.username)).toEqual(['admin', 'jiaoyu', 'zhujian', 'shuiwu', 'yibao']);
      // The demo runs on the active rulebook's demo day (seed-county-2018: 2018-11-20), shown in the header.
      expect(JSON.parse((await get(`${server.url}/api/session`)).body)).toMatchObject({ setupRequired: false, demo: true, demoToday: '2018-11-20' });
    } finally {
      await server.close();
    }
  });

  it('TUOPIN_DEMO_TODAY sets the demo day; outside demo mode the real clock stays', async () => {
    const server = await startServer({
      port: 0,
      db: join(dir, 'd.db'),
      env: { TUOPIN_DEMO: '1', TUOPIN_DEMO_TODAY: '2018-12-05' },
      logLevel: 'silent',
      handleSignals: false,
    });
    try {
      expect(JSON.parse((await get(`${server.url}/api/session`)).body)).toMatchObject({ demoToday: '2018-12-05' });
    } finally {
      await server.close();
    }
    const real = await startServer({ port: 0, db: join(dir, 'd.db'), env: { TUOPIN_DEMO_TODAY: '2018-12-05' }, logLevel: 'silent', handleSignals: false });
    try {
      expect(JSON.parse((await get(`${real.url}/api/session`)).body)).toMatchObject({ demo: false, demoToday: null });
    } finally {
      await real.close();
    }
  });

  it('reports a port in use in Chinese and leaves nothing open', async () => {
    const first = await startServer({ port: 0, db: join(dir, 'c.db'), env: {}, logLevel: 'silent', handleSignals: false });
    try {
      await expect(startServer({ port: first.port, db: join(dir, 'd.db'), env: {}, logLevel: 'silent', handleSignals: false })).rejects.toThrow(
        `端口 ${first.port} 已被占用`,
      );
    } finally {
      await first.close();
    }
  });
});
