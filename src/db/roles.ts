/**
 * The two database roles. The audit must not be switchable off by the application: the owner of a
 * table may disable or drop its triggers, add rules, change its owner; a superuser may also
 * `set session_replication_role = replica`, which silences every trigger. So the API logs in as
 * a role that owns nothing and holds row privileges only, and the schema belongs to an owner role
 * that only migrations use (README: database roles).
 *
 * - provisionRoles: once, with an administrator's connection (`npm run db:roles`): creates both
 *   roles (or corrects their attributes), creates the database owned by the owner role or hands
 *   an existing one and its objects over to it.
 * - grantApiRole: as the owner after every migration run (src/db/database.ts), so tables added by
 *   later migrations are covered without anyone having to remember them.
 * - leastPrivilegeProblems: what is wrong with a connection meant for the API; the production
 *   server refuses to start on any (src/main.ts).
 */
import { Client, escapeIdentifier, escapeLiteral } from 'pg';
import type { Knex } from '@mikro-orm/postgresql';

/**
 * Tables the API may only append to and read. Their triggers refuse UPDATE and DELETE anyway; the
 * privileges make that hold even if a trigger were gone. `policy_parameter` is insert-only by
 * trigger too but keeps UPDATE and DELETE privileges: the policy service takes a SHARE ROW
 * EXCLUSIVE lock on it, which PostgreSQL allows only with UPDATE, DELETE or TRUNCATE; its trigger,
 * which the API cannot switch off, still refuses every change.
 */
export const INSERT_ONLY_TABLES = ['audit_event', 'case_transition', 'pairing_ledger_entry', 'household_episode', 'record_history'] as const;

const MIGRATIONS_TABLE = 'mikro_orm_migrations';

/** Two API servers starting at once would otherwise race on the same catalog rows. */
const GRANT_LOCK = 'uha:grant-api-role';

/**
 * Gives `apiRole` exactly the privileges the API needs on the current database, starting from none
 * (so nothing granted by hand or by an older version lingers). Runs as the owner of the schema.
 * Returns false, granting nothing, when `apiRole` is the current user (the single-role setup).
 */
export async function grantApiRole(knex: Knex, apiRole: string): Promise<boolean> {
  return knex.transaction(async (trx) => {
    await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [GRANT_LOCK]);
    const me = (await trx.raw(`select current_user as "user", current_database() as db, current_schema() as schema`)).rows[0];
    if (me.user === apiRole) return false;
    const api = escapeIdentifier(apiRole);
    const db = escapeIdentifier(me.db);
    const schema = escapeIdentifier(me.schema);
    const existing = async (names: readonly string[]) =>
      (await trx('pg_class').select('relname').whereRaw('relnamespace = current_schema()::regnamespace').whereIn('relname', [...names]))
        .map((r: { relname: string }) => `${schema}.${escapeIdentifier(r.relname)}`);
    const statements = [
      // Only the owner creates objects. TEMP too: a temporary table named audit_event would shadow
      // the real one for the session that created it (pg_temp comes first in the search path).
      `revoke temporary on database ${db} from public`,
      `revoke create on schema ${schema} from public`,
      `revoke create, temporary on database ${db} from ${api}`,
      `grant connect on database ${db} to ${api}`,
      `grant usage on schema ${schema} to ${api}`,
      `revoke all on all tables in schema ${schema} from ${api}`,
      `revoke all on all sequences in schema ${schema} from ${api}`,
      // Row privileges only: no TRUNCATE, REFERENCES or TRIGGER.
      `grant select, insert, update, delete on all tables in schema ${schema} to ${api}`,
      // nextval for the bigserial ids; not UPDATE, which would allow setval.
      `grant usage, select on all sequences in schema ${schema} to ${api}`,
    ];
    const insertOnly = await existing(INSERT_ONLY_TABLES);
    if (insertOnly.length) statements.push(`revoke update, delete on ${insertOnly.join(', ')} from ${api}`);
    // The API reads the migrations table to see that nothing is pending; it never writes it.
    const migrations = await existing([MIGRATIONS_TABLE]);
    if (migrations.length) statements.push(`revoke insert, update, delete on ${migrations[0]} from ${api}`);
    for (const sql of statements) await trx.raw(sql);
    return true;
  });
}

/**
 * What makes this connection (the ORM's knex, or a plain pg client) unfit to be the API's: empty
 * when it is a least-privileged role.
 */
export async function leastPrivilegeProblems(db: Knex | Client): Promise<string[]> {
  const query = (sql: string) => (db instanceof Client ? db.query(sql) : db.raw(sql));
  const row = (await query(`
    select r.rolname, r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolbypassrls, r.rolreplication,
      (select count(*)::int from pg_class c where c.relowner = r.oid and c.relnamespace = current_schema()::regnamespace) as owned,
      a.relowner::regrole::text as audit_owner,
      a.oid is not null and pg_has_role(r.oid, a.relowner, 'MEMBER') as acts_as_owner,
      a.oid is not null and (has_table_privilege(r.oid, a.oid, 'UPDATE') or has_table_privilege(r.oid, a.oid, 'DELETE')
        or has_table_privilege(r.oid, a.oid, 'TRUNCATE') or has_table_privilege(r.oid, a.oid, 'TRIGGER')) as may_change_audit,
      has_database_privilege(r.oid, current_database(), 'TEMPORARY') as may_create_temp
    from pg_roles r left join pg_class a on a.oid = to_regclass('audit_event')
    where r.rolname = current_user`)).rows[0];
  const problems: string[] = [];
  const who = `role ${row.rolname}`;
  if (row.rolsuper) problems.push(`${who} is a superuser`);
  if (row.rolcreaterole) problems.push(`${who} has CREATEROLE (it could make itself a member of the owner role)`);
  if (row.rolcreatedb) problems.push(`${who} has CREATEDB`);
  if (row.rolbypassrls) problems.push(`${who} has BYPASSRLS`);
  if (row.rolreplication) problems.push(`${who} has REPLICATION`);
  if (row.audit_owner === null) problems.push('table audit_event does not exist: apply the migrations first');
  else if (row.acts_as_owner) problems.push(`${who} is, or acts as, ${row.audit_owner}, the owner of audit_event`);
  if (row.owned > 0) problems.push(`${who} owns ${row.owned} object(s) of the schema`);
  if (row.may_change_audit) problems.push(`${who} may UPDATE, DELETE, TRUNCATE or add triggers to audit_event`);
  if (row.may_create_temp) problems.push(`${who} may create temporary tables (which could shadow audit_event)`);
  return problems;
}

export interface RoleSpec {
  name: string;
  /** Set when given; an existing role keeps its password otherwise. */
  password?: string;
}

export interface RolesPlan {
  database: string;
  owner: RoleSpec;
  api: RoleSpec;
}

/**
 * The plan from the two connection strings the deployment uses anyway, so the roles created are
 * exactly the ones the server (DATABASE_URL) and the migrations (MIGRATION_DATABASE_URL) log in as.
 */
export function planFromUrls(apiUrl: string, ownerUrl: string): RolesPlan {
  const parse = (name: string, value: string) => {
    const u = new URL(value);
    const user = decodeURIComponent(u.username);
    const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
    if (!user) throw new Error(`${name} names no user: write the role into it (postgres://<role>:<password>@host/<database>)`);
    if (!database) throw new Error(`${name} names no database`);
    return { spec: { name: user, password: u.password ? decodeURIComponent(u.password) : undefined }, database };
  };
  const api = parse('DATABASE_URL', apiUrl);
  const owner = parse('MIGRATION_DATABASE_URL', ownerUrl);
  if (api.spec.name === owner.spec.name) throw new Error('DATABASE_URL and MIGRATION_DATABASE_URL must name two different roles');
  if (api.database !== owner.database) throw new Error(`DATABASE_URL names database ${api.database}, MIGRATION_DATABASE_URL ${owner.database}: they must be the same`);
  return { database: api.database, owner: owner.spec, api: api.spec };
}

const ROLE_ATTRIBUTES = 'login nosuperuser nocreatedb nocreaterole noreplication nobypassrls';

/**
 * Creates or corrects both roles and the database (idempotent: run it again after changing a
 * password). `adminUrl` is an administrator's connection (a superuser), to any database of the
 * server. The grants themselves follow at the next migration run.
 */
export async function provisionRoles(adminUrl: string, plan: RolesPlan, log: (line: string) => void = () => {}): Promise<void> {
  const owner = escapeIdentifier(plan.owner.name);
  const api = escapeIdentifier(plan.api.name);
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const me = (await admin.query('select current_user as name')).rows[0].name;
    if (me === plan.owner.name || me === plan.api.name) throw new Error(`the administrator (${me}) cannot be one of the two roles`);
    for (const role of [plan.owner, plan.api]) {
      const ident = escapeIdentifier(role.name);
      const password = role.password ? ` password ${escapeLiteral(role.password)}` : '';
      const exists = (await admin.query('select 1 from pg_roles where rolname = $1', [role.name])).rowCount === 1;
      if (!exists) {
        try {
          await admin.query(`create role ${ident} ${ROLE_ATTRIBUTES}${password}`);
          log(`created role ${role.name}`);
          continue;
        } catch (err) {
          const code = (err as { code?: string }).code;
          if (code !== '42710' && code !== '23505') throw err; // created meanwhile by another run
        }
      }
      await admin.query(`alter role ${ident} ${ROLE_ATTRIBUTES}${password}`);
      log(`role ${role.name} exists; attributes${password ? ' and password' : ''} set`);
    }
    // The API role must not inherit or SET ROLE to the owner.
    const member = await admin.query(
      `select 1 from pg_auth_members m join pg_roles r on r.oid = m.roleid join pg_roles u on u.oid = m.member where r.rolname = $1 and u.rolname = $2`,
      [plan.owner.name, plan.api.name]);
    if (member.rowCount) {
      await admin.query(`revoke ${owner} from ${api}`);
      log(`revoked ${plan.api.name}'s membership of ${plan.owner.name}`);
    }
    const indirect = await admin.query(`select pg_has_role($1, $2, 'MEMBER') as m`, [plan.api.name, plan.owner.name]);
    if (indirect.rows[0].m) throw new Error(`${plan.api.name} is a member of ${plan.owner.name} through another role: remove that membership`);
    const db = await admin.query('select pg_get_userbyid(datdba) as owner from pg_database where datname = $1', [plan.database]);
    if (!db.rowCount) {
      await admin.query(`create database ${escapeIdentifier(plan.database)} owner ${owner}`);
      log(`created database ${plan.database} owned by ${plan.owner.name}`);
    } else if (db.rows[0].owner !== plan.owner.name) {
      await admin.query(`alter database ${escapeIdentifier(plan.database)} owner to ${owner}`);
      log(`database ${plan.database}: owner ${db.rows[0].owner} → ${plan.owner.name}`);
    }
  } finally {
    await admin.end();
  }
  await handOver(adminUrl, plan, log);
}

/**
 * An existing database (one the API used to own, say) is handed to the owner role: the schema's
 * tables, views, sequences, functions and types. Ownership is what lets a role switch the audit
 * off, so nothing may stay with the API role.
 */
async function handOver(adminUrl: string, plan: RolesPlan, log: (line: string) => void): Promise<void> {
  const u = new URL(adminUrl);
  u.pathname = `/${encodeURIComponent(plan.database)}`;
  const c = new Client({ connectionString: u.toString() });
  await c.connect();
  try {
    const owner = escapeIdentifier(plan.owner.name);
    const schema = (await c.query(`select current_schema() as s, pg_get_userbyid(n.nspowner) as owner from pg_namespace n where n.nspname = current_schema()`)).rows[0];
    if (schema.owner !== plan.owner.name && schema.owner !== 'pg_database_owner') {
      await c.query(`alter schema ${escapeIdentifier(schema.s)} owner to ${owner}`);
      log(`schema ${schema.s}: owner ${schema.owner} → ${plan.owner.name}`);
    }
    // Tables first: their serial sequences follow them; then what is left.
    const kinds: Array<[string, string]> = [
      [`select format('alter %s %I.%I owner to %I', case c.relkind when 'v' then 'view' when 'm' then 'materialized view' when 'f' then 'foreign table' else 'table' end, n.nspname, c.relname, $1::text)
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = current_schema() and c.relkind in ('r', 'p', 'v', 'm', 'f') and pg_get_userbyid(c.relowner) <> $1`, 'relations'],
      [`select format('alter sequence %I.%I owner to %I', n.nspname, c.relname, $1::text)
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = current_schema() and c.relkind = 'S' and pg_get_userbyid(c.relowner) <> $1`, 'sequences'],
      [`select format('alter %s %s owner to %I', case p.prokind when 'p' then 'procedure' else 'function' end, p.oid::regprocedure, $1::text)
          from pg_proc p where p.pronamespace = current_schema()::regnamespace and p.prokind in ('f', 'p') and pg_get_userbyid(p.proowner) <> $1`, 'functions'],
      [`select format('alter %s %s owner to %I', case t.typtype when 'd' then 'domain' else 'type' end, t.oid::regtype, $1::text)
          from pg_type t where t.typnamespace = current_schema()::regnamespace and t.typtype in ('e', 'd') and pg_get_userbyid(t.typowner) <> $1`, 'types'],
    ];
    for (const [sql, what] of kinds) {
      const rows = (await c.query(sql, [plan.owner.name])).rows;
      for (const r of rows) await c.query(r.format);
      if (rows.length) log(`handed ${rows.length} ${what} over to ${plan.owner.name}`);
    }
  } finally {
    await c.end();
  }
}
