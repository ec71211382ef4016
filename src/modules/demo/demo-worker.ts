// A generator thread for big loads: prepares the generator on its own connection, then turns each
// chunk it is sent into rows and posts them back. Started by seed-demo.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { parseDatabaseUrl } from '../../config.js';
import { createDb } from '../../db/database.js';
import { type ChunkItem, generateChunk, prepareGenerator } from './demo-generator.js';
import { RollupAccumulator } from './demo-rows.js';

interface Init {
  databaseUrl: string;
  dataKeyHex: string;
  seed: number;
  provinceCode: string;
  region?: string;
  nowMs: number;
  /** Drain the rollup sums with the chunk once they hold this many keys. */
  flushKeys: number;
}

const init = workerData as Init;
const port = parentPort;
if (!port) throw new Error('demo-worker runs as a worker thread');
const handle = createDb(parseDatabaseUrl(init.databaseUrl), { poolSize: 1 });
const gen = await prepareGenerator(handle.db, { seed: init.seed, provinceCode: init.provinceCode, region: init.region, nowMs: init.nowMs, dataKey: Buffer.from(init.dataKeyHex, 'hex') });
await handle.destroy();
const rollups = new RollupAccumulator();
// A chunk, or (items empty) a request for whatever rollup sums are left.
port.on('message', (message: { id: number; items: ChunkItem[] }) => {
  const batch = generateChunk(gen, message.items, rollups);
  const drain = message.items.length === 0 || rollups.size >= init.flushKeys;
  port.postMessage({ id: message.id, rows: { batch, rollups: drain ? rollups.drain() : [] } });
});
port.postMessage('ready');
