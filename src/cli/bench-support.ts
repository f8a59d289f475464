/**
 * What the benchmark scripts share (bench.ts, bench-lifecycle.ts, bench-supervision.ts,
 * bench-monitoring.ts): their `--name N` options and the app started in the script's own process
 * on a free loopback port.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createApp } from '../app';
import type { Config } from '../config';

/** `--name N` from the command line, a positive integer; the fallback when it is absent. */
export function positiveIntegerArg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} must be a positive integer`);
  return v;
}

export interface BenchApp {
  /** The GraphQL endpoint, http://127.0.0.1:<port>/graphql. */
  url: string;
  /** Ends the keep-alive connections, the server and the app's background work. */
  close(): Promise<void>;
}

/** The real app (createApp) listening on 127.0.0.1 at a free port. */
export async function serveBenchApp(config: Config, orm: MikroORM): Promise<BenchApp> {
  const { app, stop } = await createApp(config, orm);
  const server: Server = app.listen(0, '127.0.0.1');
  try {
    await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await stop();
    },
  };
}

/**
 * `clients` concurrent clients, each sending one request after the other for `seconds`: `send`
 * gets the previous answer's data (null after a failure or at the start, so a pager starts over).
 * Every request's latency in ms, the failures and the elapsed seconds.
 */
export async function closedLoopLoad(
  clients: number, seconds: number, send: (prev: unknown) => Promise<{ ok: boolean; data: unknown }>,
): Promise<{ latencies: number[]; errors: number; seconds: number }> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(Array.from({ length: clients }, async () => {
    let prev: unknown = null;
    while (performance.now() < deadline) {
      const t0 = performance.now();
      const r = await send(prev);
      latencies.push(performance.now() - t0);
      if (!r.ok) errors++;
      prev = r.ok ? r.data : null;
    }
  }));
  return { latencies, errors, seconds: (performance.now() - started) / 1000 };
}

/** The p-th percentile (nearest rank) of ascending `sorted`; NaN when empty. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
