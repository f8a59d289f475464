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
