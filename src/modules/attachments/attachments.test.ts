import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CaseWorld, VILLAGE, act, createCaseWorld } from '../../../test/case-fixtures.js';
import { type TestApp, createTestApp, testDialects } from '../../../test/context.js';
import { type Client, signIn } from '../../../test/factories.js';
import { GPS_IFD_TAG, ORIENTATION_TAG, TEST_LATITUDE, buildJpeg, rationals, readIfd0 } from '../../../test/jpeg-fixtures.js';
import { authPlugin } from '../../plugins/auth.plugin.js';
import { errorsPlugin } from '../../plugins/errors.plugin.js';
import { installValidators } from '../../plugins/validation.js';
import { attachmentsModule } from './attachments.routes.js';
import type { VirusScanner } from './attachments.scanner.js';

type Part = { name: string; value: string } | { name: string; filename: string; contentType: string; data: Buffer };

function multipart(parts: Part[]) {
  const boundary = `----pingan${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const file = 'data' in p;
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${file ? `; filename="${p.filename}"` : ''}\r\n${file ? `Content-Type: ${p.contentType}\r\n` : ''}\r\n`;
    chunks.push(Buffer.from(head, 'utf8'), file ? p.data : Buffer.from(p.value, 'utf8'), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const pdf = (text: string) => Buffer.from(`%PDF-1.4\n1 0 obj<<>>endobj\n% ${text}\n%%EOF\n`);
const MARKER = 'X5O-PINGAN-TEST-VIRUS';

describe.each(testDialects())('case attachments on %s', (dialect) => {
  let t: TestApp;
  let w: CaseWorld;
  let caseId: number;
  let otherCaseId: number;
  const storeDir = () => path.join(t.config.dataDir, 'attachments');
  const stored = (digest: string) => path.join(storeDir(), digest.slice(0, 2), digest);
  const allStoredFiles = () => (existsSync(storeDir()) ? readdirSync(storeDir(), { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => d.name).sort() : []);

  const upload = (client: Client, id: number, parts: Part[]) => client.inject({ method: 'POST', url: `/api/v1/cases/${id}/attachments`, ...multipart(parts) });
  const filePart = (data: Buffer, filename = '现场照片.jpg', contentType = 'image/jpeg'): Part => ({ name: 'file', filename, contentType, data });

  beforeAll(async () => {
    t = await createTestApp(dialect);
    w = await createCaseWorld(t.app, t.db);
    const body = { kind: 'request', channel: 'online', categoryCode: '1101', regionCode: VILLAGE, title: '楼上漏水', description: '楼上水管漏水，附现场照片' };
    const created = await w.operator.inject({ method: 'POST', url: '/api/v1/cases', payload: body });
    caseId = created.json().id;
    expect((await act(w.operator, caseId, 'accept')).statusCode).toBe(200);
    expect((await act(w.operator, caseId, 'dispatch', { leadUnitId: w.housing.id })).statusCode).toBe(200);
    otherCaseId = (await w.operator.inject({ method: 'POST', url: '/api/v1/cases', payload: { ...body, title: '另一件' } })).json().id;
  });
  afterAll(async () => t.close());

  it('stores a photo without its GPS position, content-addressed, and serves it back', async () => {
    const photo = buildJpeg({ exif: { orientation: 6 } });
    const res = await upload(w.housing.client, caseId, [filePart(photo)]);
    expect(res.statusCode, res.body).toBe(201);
    const a = res.json();
    expect(a).toMatchObject({ caseId, fileName: '现场照片.jpg', mime: 'image/jpeg', isPublic: false, locationRemoved: true });
    const onDisk = readFileSync(stored(a.sha256));
    expect(sha(onDisk)).toBe(a.sha256);
    expect(a.size).toBe(onDisk.length);
    expect(onDisk.indexOf(rationals(true, TEST_LATITUDE))).toBe(-1);
    expect(readIfd0(onDisk)?.has(GPS_IFD_TAG)).toBe(false);
    expect(readIfd0(onDisk)?.get(ORIENTATION_TAG)?.readUInt16LE(0)).toBe(6);

    const download = await w.operator.inject({ method: 'GET', url: `/api/v1/attachments/${a.id}` });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('image/jpeg');
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(String(download.headers['content-disposition'])).toContain(`filename*=UTF-8''${encodeURIComponent('现场照片.jpg')}`);
    expect(download.rawPayload.equals(onDisk)).toBe(true);

    const list = await w.housing.client.inject({ method: 'GET', url: `/api/v1/cases/${caseId}/attachments` });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((i: { id: number }) => i.id)).toContain(a.id);

    const audit = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'case.attachment_added').where('entity_id', '=', String(caseId)).execute();
    expect(audit.map((r) => JSON.parse(r.detail).attachmentId)).toContain(a.id);
  });

  it('keeps the position when the uploader asks to, and stores equal bytes once', async () => {
    const photo = buildJpeg({ comment: 'hazard position matters' });
    const res = await upload(w.operator, caseId, [{ name: 'keepLocation', value: 'true' }, { name: 'isPublic', value: 'true' }, filePart(photo, 'hazard.jpg')]);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ sha256: sha(photo), locationRemoved: false, isPublic: true, size: photo.length });
    expect(readFileSync(stored(sha(photo))).equals(photo)).toBe(true);

    const doc = pdf('same bytes twice');
    const first = await upload(w.operator, caseId, [filePart(doc, 'a.pdf', 'application/pdf')]);
    const second = await upload(w.operator, otherCaseId, [filePart(doc, 'b.pdf', 'application/pdf')]);
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(first.json().id).not.toBe(second.json().id);
    expect(first.json().sha256).toBe(second.json().sha256);
    expect(allStoredFiles().filter((f) => f === sha(doc))).toHaveLength(1);
  });

  it('reads the type from the bytes: a disguised file is 415 naming file, a real PDF under any name is a PDF', async () => {
    const html = Buffer.from('<html><script>alert(1)</script></html>');
    const disguised = await upload(w.housing.client, caseId, [filePart(html, 'photo.jpg', 'image/jpeg')]);
    expect(disguised.statusCode).toBe(415);
    expect(disguised.headers['content-type']).toContain('application/problem+json');
    expect(disguised.json().errors[0].field).toBe('file');
    const gif = await upload(w.housing.client, caseId, [filePart(Buffer.from('GIF89a\x01\0\x01\0\0\0\0;', 'latin1'), 'x.png', 'image/png')]);
    expect(gif.statusCode).toBe(415);

    const real = await upload(w.housing.client, caseId, [filePart(pdf('report'), 'report.exe', 'application/octet-stream')]);
    expect(real.statusCode, real.body).toBe(201);
    expect(real.json().mime).toBe('application/pdf');
    expect(real.json().fileName).toBe('report.exe');
  });

  it('answers bad uploads with a problem naming the part, and writes nothing', async () => {
    const before = allStoredFiles();
    const count = async () => Number((await t.db.selectFrom('attachments').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0);
    const rows = await count();
    const expectField = async (res: Awaited<ReturnType<Client['inject']>>, status: number, field: string) => {
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    };
    await expectField(await upload(w.housing.client, caseId, [{ name: 'keepLocation', value: 'true' }]), 400, 'file');
    await expectField(await upload(w.housing.client, caseId, [filePart(buildJpeg()), { name: 'colour', value: 'red' }]), 400, 'colour');
    await expectField(await upload(w.housing.client, caseId, [{ name: 'keepLocation', value: 'maybe' }, filePart(buildJpeg())]), 400, 'keepLocation');
    await expectField(await upload(w.housing.client, caseId, [filePart(Buffer.alloc(0))]), 400, 'file');
    await expectField(await upload(w.housing.client, caseId, [filePart(buildJpeg()), filePart(buildJpeg({ comment: 'two' }))]), 400, 'file');
    await expectField(await upload(w.housing.client, caseId, [{ name: 'photo', filename: 'a.jpg', contentType: 'image/jpeg', data: buildJpeg() }]), 400, 'photo');
    await expectField(await upload(w.housing.client, caseId, [filePart(Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0xff, 0xf0, 0x00]))]), 422, 'file');
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(10 * 1024 * 1024 - 8, 0x20)]);
    await expectField(await upload(w.housing.client, caseId, [filePart(big, 'big.pdf', 'application/pdf')]), 413, 'file');
    const json = await w.housing.client.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/attachments`, payload: { file: 'x' } });
    await expectField(json, 415, 'file');
    expect(await count()).toBe(rows);
    expect(allStoredFiles()).toEqual(before);
  });

  it('never serves or takes files outside the caller’s scope or role', async () => {
    const a = (await upload(w.housing.client, caseId, [filePart(pdf('scoped'), 'scoped.pdf', 'application/pdf')])).json();
    for (const client of [w.outsider, w.police.client]) {
      expect((await client.inject({ method: 'GET', url: `/api/v1/attachments/${a.id}` })).statusCode).toBe(404);
      expect((await client.inject({ method: 'GET', url: `/api/v1/cases/${caseId}/attachments` })).statusCode).toBe(404);
      const res = await upload(client, caseId, [filePart(pdf('intruder'), 'x.pdf', 'application/pdf')]);
      expect(res.statusCode).toBe(404);
    }
    // The county supervisor sees the case but does not handle it: may read, may not add.
    expect((await w.supervisor.inject({ method: 'GET', url: `/api/v1/attachments/${a.id}` })).statusCode).toBe(200);
    expect((await upload(w.supervisor, caseId, [filePart(pdf('supervisor'), 'x.pdf', 'application/pdf')])).statusCode).toBe(403);
    expect((await w.operator.inject({ method: 'GET', url: '/api/v1/attachments/999999' })).statusCode).toBe(404);
    expect(allStoredFiles()).not.toContain(sha(pdf('intruder')));
  });

  it('documents the upload as multipart/form-data in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const upload = doc.paths['/api/v1/cases/{id}/attachments'].post;
    expect(Object.keys(upload.requestBody?.content ?? {})).toContain('multipart/form-data');
    expect(doc.paths['/api/v1/attachments/{attachmentId}'].get).toBeDefined();
    expect(doc.paths['/api/v1/cases/by-phone'].get).toBeDefined();
    expect(doc.paths['/api/v1/worklists/{name}'].get).toBeDefined();
  });

  describe('with a virus scanner', () => {
    let scanned: ScannedApp;
    interface ScannedApp {
      app: FastifyInstance;
      client: Client;
      seen: string[];
    }
    beforeAll(async () => {
      const seen: string[] = [];
      const scanner: VirusScanner = {
        scan: async (bytes, meta) => {
          seen.push(meta.mime);
          return bytes.includes(MARKER) ? { clean: false, reason: 'test signature found' } : { clean: true };
        },
      };
      // The same plugins as buildApp, with the attachments module given this scanner.
      const app = Fastify({ logger: false });
      installValidators(app);
      await app.register(errorsPlugin);
      await app.register(fastifyCookie);
      await app.register(authPlugin, { ctx: t.app.ctx });
      await app.register(attachmentsModule({ scanner }), { prefix: '/api/v1', ctx: t.app.ctx });
      await app.ready();
      scanned = { app, client: await signIn(app, t.db, w.housing.client.userId), seen };
    });
    afterAll(async () => scanned.app.close());

    it('rejects what the scanner rejects, leaving no file and no row', async () => {
      const infected = pdf(`payload ${MARKER}`);
      const before = allStoredFiles();
      const res = await upload(scanned.client, caseId, [filePart(infected, 'invoice.pdf', 'application/pdf')]);
      expect(res.statusCode).toBe(422);
      expect(res.json().errors[0].field).toBe('file');
      expect(res.json().detail).toContain('test signature found');
      expect(existsSync(stored(sha(infected)))).toBe(false);
      expect(allStoredFiles()).toEqual(before);
      const rows = await t.db.selectFrom('attachments').select('id').where('sha256', '=', sha(infected)).execute();
      expect(rows).toEqual([]);

      const clean = await upload(scanned.client, caseId, [filePart(pdf('clean'), 'clean.pdf', 'application/pdf')]);
      expect(clean.statusCode, clean.body).toBe(201);
      expect(scanned.seen).toEqual(['application/pdf', 'application/pdf']);
    });
  });
});
