/**
 * The real server as an operator runs it: `node dist/src/main.js` in a child process (built with
 * scripts/build.js, which only compiles when the sources changed), on a database of its own with
 * the two roles of a deployment (README: database roles), so its migrations, workers and shutdown
 * touch nothing the other test files use.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { Client } from 'pg';
import { provisionRoles } from '../../src/db/roles';

export const ROOT = path.resolve(__dirname, '../..');

export function buildDist(): void {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.js'), '--quiet'], { cwd: ROOT, stdio: 'inherit' });
}

export interface DedicatedDatabase {
  /** The API role's connection (DATABASE_URL of the server). */
  apiUrl: string;
  /** The owner role's (MIGRATION_DATABASE_URL). */
  ownerUrl: string;
  drop(): Promise<void>;
}

/** A database with an owner and an API role on the run's server (TEST_DB_ADMIN_URL); nothing migrated yet. */
export async function dedicatedDatabase(): Promise<DedicatedDatabase> {
  const adminUrl = process.env.TEST_DB_ADMIN_URL!;
  const name = `uha_ops_${crypto.randomBytes(4).toString('hex')}`;
  const owner = { name: `${name}_owner`, password: crypto.randomBytes(12).toString('hex') };
  const api = { name: `${name}_api`, password: crypto.randomBytes(12).toString('hex') };
  await provisionRoles(adminUrl, { database: name, owner, api });
  const urlAs = (role: { name: string; password: string }) => {
    const u = new URL(adminUrl);
    u.username = role.name;
    u.password = role.password;
    u.pathname = `/${name}`;
    return u.toString();
  };
  return {
    apiUrl: urlAs(api),
    ownerUrl: urlAs(owner),
    async drop() {
      const c = new Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`drop database if exists ${name} with (force)`);
        await c.query(`drop role if exists ${api.name}`);
        await c.query(`drop role if exists ${owner.name}`);
      } finally {
        await c.end();
      }
    },
  };
}

export interface ServerProcess {
  proc: ChildProcess;
  port: number;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

/**
 * Starts `node dist/src/main.js` in production mode with `env` on a free port and resolves once
 * it printed that it is ready. Only the variables given here reach it (plus PATH), so nothing of
 * the test process's environment decides what it does.
 */
export async function startServer(env: Record<string, string>, timeoutMs = 60_000): Promise<ServerProcess> {
  const proc = spawn(process.execPath, [path.join(ROOT, 'dist/src/main.js')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', PORT: '0', LOG_LEVEL: 'warn', JWT_SECRET: process.env.JWT_SECRET!, WEBHOOK_SECRET_KEY: process.env.WEBHOOK_SECRET_KEY!, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) => {
    proc.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() }));
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server not ready after ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const onData = () => {
      const m = /API ready at http:\/\/localhost:(\d+)\//.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    proc.stdout!.on('data', onData);
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before it was ready:\n${out}`));
    });
  });
  return { proc, port, output: () => out, exited };
}

/** Resolves with the error code of a new TCP connection to the port ('connected' if it was accepted). */
export function tryConnect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}
