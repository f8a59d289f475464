import path from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from './mikro-orm.config';
import { startEmbeddedPostgres, EmbeddedPostgres } from './embedded';

export interface Database {
  orm: MikroORM;
  url: string;
  embedded: boolean;
  close(): Promise<void>;
}

/**
 * Opens the database the configuration names — a PostgreSQL server when `url` is given, else the
 * embedded one under `dataDir` (or in memory when dataDir is null) — and applies pending
 * migrations.
 */
export async function openDatabase(opts: { url?: string; dataDir?: string | null; migrate?: boolean }): Promise<Database> {
  let embedded: EmbeddedPostgres | undefined;
  let url = opts.url;
  if (!url) {
    embedded = await startEmbeddedPostgres(opts.dataDir ? path.join(opts.dataDir, 'pg') : undefined);
    url = embedded.url;
  }
  const orm = await MikroORM.init(ormConfig({ url, embedded: !!embedded }));
  if (opts.migrate !== false) await orm.getMigrator().up();
  return {
    orm,
    url,
    embedded: !!embedded,
    async close() {
      await orm.close(true);
      await embedded?.stop();
    },
  };
}
