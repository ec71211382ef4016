import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, testDialects } from '../test/context.js';

describe.each(testDialects())('app basics on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  it('answers /healthz with ok once migrated', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('answers an unknown API path with problem+json 404', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 404, code: 'not_found', instance: '/api/v1/nothing-here' });
  });

  it('serves Prometheus metrics including request counts', async () => {
    await t.app.inject({ method: 'GET', url: '/healthz' });
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/pingan_http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/);
  });

  it('serves the OpenAPI document', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ openapi: '3.1.0', info: { title: 'Pingan API' } });
  });
});

describe('app basics without a database-specific part', () => {
  it('answers client-side routes with the web app and API paths with problems', async () => {
    const t = await createTestApp(testDialects()[0] ?? 'sqlite');
    try {
      const page = await t.app.inject({ method: 'GET', url: '/regions/somewhere' });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<html lang="zh-CN">');
      const api = await t.app.inject({ method: 'GET', url: '/api/v1/somewhere' });
      expect(api.headers['content-type']).toMatch(/problem\+json/);
      const post = await t.app.inject({ method: 'POST', url: '/regions/somewhere' });
      expect(post.statusCode).toBe(404);
    } finally {
      await t.close();
    }
  });

  it('serves the API docs UI without sign-in', async () => {
    const t = await createTestApp(testDialects()[0] ?? 'sqlite');
    try {
      const res = await t.app.inject({ method: 'GET', url: '/api/docs/' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
    } finally {
      await t.close();
    }
  });
});

describe('client address', () => {
  async function failedLoginIp(env: Record<string, string>) {
    const t = await createTestApp(testDialects()[0] ?? 'sqlite', env);
    try {
      await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'x-forwarded-for': '203.0.113.9' }, payload: { username: 'nobody', password: 'wrong password 123' } });
      const row = await t.db.selectFrom('audit_log').select(['ip', 'action']).orderBy('id', 'desc').executeTakeFirstOrThrow();
      return row;
    } finally {
      await t.close();
    }
  }

  it('ignores X-Forwarded-For unless a proxy is trusted, so per-IP limits cannot be spoofed', async () => {
    const direct = await failedLoginIp({});
    expect(direct.action).toMatch(/login/);
    expect(direct.ip).not.toBe('203.0.113.9');
    const proxied = await failedLoginIp({ PINGAN_TRUST_PROXY: 'true' });
    expect(proxied.ip).toBe('203.0.113.9');
  });
});
