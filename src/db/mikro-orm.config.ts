import { defineConfig } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { entities } from './entities';
import { migrationsList } from '../../migrations';

export interface OrmOptions {
  url: string;
  /** The embedded database is one session: keep one pooled connection. */
  embedded?: boolean;
  debug?: boolean;
}

/** One MikroORM configuration for the server, the CLI and the tests. */
export function ormConfig(opts: OrmOptions) {
  return defineConfig({
    clientUrl: opts.url,
    entities,
    extensions: [Migrator],
    pool: opts.embedded ? { min: 1, max: 1 } : { min: 1, max: 10 },
    forceUtcTimezone: true,
    // Explicit transactions only: every write goes through a service's em.transactional.
    implicitTransactions: true,
    allowGlobalContext: false,
    // Never personal data in logs: debugging shows statements, never their parameters (no
    // 'query-params'), and knex does not inline parameters into the messages of failed
    // statements. (Errors are logged by class and SQLSTATE only anyway: src/logging.ts.)
    debug: opts.debug ? ['query', 'info', 'discovery'] : false,
    driverOptions: { compileSqlOnError: false },
    migrations: {
      migrationsList,
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      emit: 'ts',
      path: 'migrations',
      silent: true,
    },
    schemaGenerator: { disableForeignKeys: false, createForeignKeyConstraints: true },
  });
}
