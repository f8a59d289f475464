import path from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from './mikro-orm.config';
import { startEmbeddedPostgres, EmbeddedPostgres } from './embedded';
import { grantApiRole } from './roles';

export interface Database {
  orm: MikroORM;
  url: string;
  embedded: boolean;
  /** Migrations applied by this opening. */
  applied: string[];
  /** Whether the owner granted the API role its privileges (two roles) after migrating. */
  granted: boolean;
  close(): Promise<void>;
}

/**
 * Opens the database the configuration names — a PostgreSQL server when `url` is given, else the
 * embedded one under `dataDir` (or in memory when dataDir is null) — and applies pending
 * migrations. With `migrationUrl` (the owner role, MIGRATION_DATABASE_URL) the migrations run on a
 * connection of their own as the owner, which then grants the role of `url` (the API role) its
 * privileges; the returned ORM is the API's. Without it migrations run on `url` (one role: the
 * embedded database, development, or a server whose migrations were applied separately, where
 * nothing is pending and the API role only reads the migrations table).
 */
export async function openDatabase(opts: { url?: string; migrationUrl?: string; dataDir?: string | null; migrate?: boolean }): Promise<Database> {
  if (opts.migrationUrl && !opts.url) throw new Error('MIGRATION_DATABASE_URL needs DATABASE_URL: the embedded database has one role');
  let embedded: EmbeddedPostgres | undefined;
  let url = opts.url;
  if (!url) {
    embedded = await startEmbeddedPostgres(opts.dataDir ? path.join(opts.dataDir, 'pg') : undefined);
    url = embedded.url;
  }
  const orm = await MikroORM.init(ormConfig({ url, embedded: !!embedded }));
  let applied: string[] = [];
  let granted = false;
  try {
    if (opts.migrate !== false && opts.migrationUrl) {
      const owner = await MikroORM.init(ormConfig({ url: opts.migrationUrl }));
      try {
        ({ applied, granted } = await migrate(owner, await currentUser(orm)));
      } finally {
        await owner.close(true);
      }
    } else if (opts.migrate !== false) {
      ({ applied } = await migrate(orm));
    }
  } catch (err) {
    await orm.close(true);
    await embedded?.stop();
    throw err;
  }
  return {
    orm,
    url,
    embedded: !!embedded,
    applied,
    granted,
    async close() {
      await orm.close(true);
      await embedded?.stop();
    },
  };
}

/**
 * Applies pending migrations on `orm` (the owner's connection), then — every time, so tables of
 * later migrations are covered — grants `apiRole` the API's privileges (src/db/roles.ts).
 */
export async function migrate(orm: MikroORM, apiRole?: string): Promise<{ applied: string[]; granted: boolean }> {
  let applied: string[];
  try {
    applied = (await orm.getMigrator().up()).map((m) => m.name);
  } catch (err) {
    const pg = err as { code?: string; cause?: { code?: string }; message?: string } | undefined;
    if ((pg?.code ?? pg?.cause?.code) === '42501') {
      throw new Error(`Migrations are pending and ${await currentUser(orm)} may not apply them: set MIGRATION_DATABASE_URL to the owner role ` +
        `(README: database roles), or run the migrations as the owner first. ${pg?.message}`, { cause: err });
    }
    throw err;
  }
  const granted = apiRole ? await grantApiRole(orm.em.getKnex(), apiRole) : false;
  return { applied, granted };
}

export async function currentUser(orm: MikroORM): Promise<string> {
  return (await orm.em.getKnex().raw('select current_user as name')).rows[0].name;
}
