/**
 * Issue 8, item 13: the audit cannot be switched off by the application. The app connects as an
 * API role that owns nothing (test/global-setup.ts makes the run's two roles with the code of
 * `npm run db:roles`; src/db/roles.ts). Here that role tries every route to change or remove an
 * audit row, or to stop new ones being written, on a session of its own (session settings persist
 * between statements), and each is refused by PostgreSQL's privileges — not by the insert-only
 * triggers, which an owner could switch off. Needs a server: the embedded database has one role.
 */
import crypto from 'node:crypto';
import { Client } from 'pg';
import { embedded, serverOnly, startApp, TestApp } from '../support/app';
import { openDatabase } from '../../src/db/database';
import { grantApiRole, INSERT_ONLY_TABLES, leastPrivilegeProblems, planFromUrls, provisionRoles } from '../../src/db/roles';

if (embedded) console.log('[tests] roles.test.ts skipped: the embedded database has a single role (set TEST_DATABASE_URL); CI runs it.');

serverOnly('the API role', () => {
  let t: TestApp;
  let api: Client;
  let admin: Client;
  let apiRole: string;
  let ownerRole: string;
  let auditId: string;
  const row = { actor: 'test:roles', actor_role: 'TEST', action: 'ROLES_PROBE', outcome: 'SUCCESS' };

  /** The statement's error: it must be PostgreSQL's privilege check, not an insert-only trigger. */
  async function refused(sql: string, params?: unknown[]): Promise<void> {
    const err: any = await api.query(sql, params).then(() => undefined, (e) => e);
    expect({ sql, refused: !!err }).toEqual({ sql, refused: true });
    expect({ sql, code: err.code, message: err.message }).toEqual({ sql, code: '42501', message: expect.stringMatching(/^(permission denied|must be owner)/) });
  }

  const auditRow = async () => (await admin.query('select outcome, actor from audit_event where id = $1', [auditId])).rows[0];

  beforeAll(async () => {
    t = await startApp();
    api = new Client({ connectionString: process.env.TEST_DB_URL });
    await api.connect();
    const ownerUrl = new URL(process.env.TEST_DB_OWNER_URL!);
    const adminUrl = new URL(process.env.TEST_DB_ADMIN_URL!);
    adminUrl.pathname = ownerUrl.pathname;
    admin = new Client({ connectionString: adminUrl.toString() });
    await admin.connect();
    apiRole = decodeURIComponent(new URL(process.env.TEST_DB_URL!).username);
    ownerRole = decodeURIComponent(ownerUrl.username);
    auditId = (await api.query(`insert into audit_event (actor, actor_role, action, outcome) values ($1, $2, $3, $4) returning id`,
      [row.actor, row.actor_role, row.action, row.outcome])).rows[0].id;
  });
  afterAll(async () => {
    await api?.end();
    await admin?.end();
    await t?.close();
  });

  it('is what the app itself connects as: not a superuser, not the owner, owning nothing', async () => {
    const knex = t.orm.em.getKnex();
    const me = (await knex.raw(`select current_user as name, r.rolsuper, r.rolcreaterole, r.rolcreatedb,
        pg_has_role(current_user, (select relowner from pg_class where oid = 'audit_event'::regclass), 'MEMBER') as acts_as_owner
      from pg_roles r where r.rolname = current_user`)).rows[0];
    expect(me).toEqual({ name: apiRole, rolsuper: false, rolcreaterole: false, rolcreatedb: false, acts_as_owner: false });
    expect(await leastPrivilegeProblems(knex)).toEqual([]);
    // The production server's start-up check (src/main.ts) refuses the owner and a superuser.
    expect(await leastPrivilegeProblems(t.owner.em.getKnex())).toEqual(expect.arrayContaining([expect.stringMatching(/owner of audit_event/)]));
    expect(await leastPrivilegeProblems(admin)).toEqual(expect.arrayContaining([expect.stringMatching(/is a superuser/)]));
  });

  it('may still write and read audit rows', async () => {
    expect((await api.query('select actor, action, outcome from audit_event where id = $1', [auditId])).rows).toEqual([
      { actor: row.actor, action: row.action, outcome: row.outcome }]);
  });

  it('cannot change or remove audit rows: UPDATE, DELETE, TRUNCATE, upsert', async () => {
    await refused(`update audit_event set outcome = 'FAILED' where id = $1`, [auditId]);
    await refused('delete from audit_event where id = $1', [auditId]);
    await refused('truncate audit_event');
    await refused(`insert into audit_event (id, actor, actor_role, action, outcome) values ($1, 'x', 'x', 'x', 'x')
      on conflict (id) do update set outcome = 'FAILED'`, [auditId]);
    expect(await auditRow()).toEqual({ outcome: 'SUCCESS', actor: row.actor });
  });

  it('cannot silence the triggers: replication role, disable, drop, replace, and nothing gets through after', async () => {
    await refused('set session_replication_role = replica');
    expect((await api.query('show session_replication_role')).rows[0].session_replication_role).toBe('origin');
    await refused('delete from audit_event where id = $1', [auditId]);
    await refused('alter role current_user set session_replication_role = replica');
    await refused('alter table audit_event disable trigger all');
    await refused('alter table audit_event disable trigger audit_event_no_update_delete');
    await refused('drop trigger audit_event_no_update_delete on audit_event');
    await refused('drop function audit_event_is_insert_only() cascade');
    await refused(`create or replace function audit_event_is_insert_only() returns trigger language plpgsql as $$ begin return old; end $$`);
    expect((await admin.query(`select tgname, tgenabled from pg_trigger where tgrelid = 'audit_event'::regclass order by tgname`)).rows).toEqual([
      { tgname: 'audit_event_no_truncate', tgenabled: 'O' }, { tgname: 'audit_event_no_update_delete', tgenabled: 'O' }]);
    expect(await auditRow()).toEqual({ outcome: 'SUCCESS', actor: row.actor });
  });

  it('cannot take the table over or become its owner', async () => {
    await refused(`alter table audit_event owner to ${api.escapeIdentifier(apiRole)}`);
    await refused(`set role ${api.escapeIdentifier(ownerRole)}`);
    await refused('alter table audit_event rename to audit_event_old');
    // It may not give itself what it lacks (a warning, no error, and nothing granted).
    await api.query(`grant update, delete, truncate on audit_event to ${api.escapeIdentifier(apiRole)}`).catch(() => undefined);
    await refused('delete from audit_event where id = $1', [auditId]);
    expect(await auditRow()).toEqual({ outcome: 'SUCCESS', actor: row.actor });
  });

  it('cannot stop new audit rows or hide old ones: rules, triggers, shadow tables, row security, locks, the id sequence', async () => {
    await refused('create rule audit_swallow as on insert to audit_event do instead nothing');
    await refused('create rule audit_erase as on update to audit_event do instead delete from audit_event');
    await refused('create trigger audit_swallow before insert on audit_event for each row execute function audit_event_is_insert_only()');
    // A temporary table would come first in the search path for its session.
    await refused('create temporary table audit_event (id bigint)');
    await refused('create table public.audit_event_shadow (id bigint)');
    await refused('create schema shadow');
    await refused('alter table audit_event enable row level security');
    await api.query('begin');
    try {
      await refused('lock table audit_event in access exclusive mode');
    } finally {
      await api.query('rollback');
    }
    // Moving the sequence back would make every later audit insert fail on the primary key.
    await refused(`select setval(pg_get_serial_sequence('audit_event', 'id'), 1)`);
    const [fresh] = (await api.query(`insert into audit_event (actor, actor_role, action, outcome) values ('test:roles', 'TEST', 'ROLES_PROBE_AFTER', 'SUCCESS') returning id`)).rows;
    expect((await admin.query('select action from audit_event where id = $1', [fresh.id])).rows).toEqual([{ action: 'ROLES_PROBE_AFTER' }]);
    expect(await auditRow()).toEqual({ outcome: 'SUCCESS', actor: row.actor });
  });

  it('may only append to the other insert-only histories, and may truncate or add triggers to no table', async () => {
    for (const table of INSERT_ONLY_TABLES) {
      await refused(`update ${table} set id = id where false`);
      await refused(`delete from ${table} where false`);
      await api.query(`select count(*) from ${table}`);
    }
    const excess = (await admin.query(`select c.relname, p.privilege from pg_class c
        cross join unnest(array['TRUNCATE', 'TRIGGER', 'REFERENCES']) as p(privilege)
      where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p') and has_table_privilege($1, c.oid, p.privilege)`, [apiRole])).rows;
    expect(excess).toEqual([]);
    await refused('truncate household');
  });

  it('gets its privileges on tables of later migrations: the owner grants after every migration run', async () => {
    const probe = `roles_probe_${crypto.randomBytes(3).toString('hex')}`;
    const owner = t.owner.em.getKnex();
    await owner.raw(`create table ${probe} (id bigserial primary key, note text)`);
    try {
      await refused(`select * from ${probe}`);
      expect(await grantApiRole(owner, apiRole)).toBe(true);
      const [r] = (await api.query(`insert into ${probe} (note) values ('a') returning id`)).rows;
      await api.query(`update ${probe} set note = 'b' where id = $1`, [r.id]);
      expect((await api.query(`select note from ${probe}`)).rows).toEqual([{ note: 'b' }]);
      await api.query(`delete from ${probe}`);
      await refused(`truncate ${probe}`);
    } finally {
      await owner.raw(`drop table ${probe}`);
    }
  });

  it('is what openDatabase gives the server with MIGRATION_DATABASE_URL, and migrating without the owner needs nothing it lacks', async () => {
    const twoRoles = await openDatabase({ url: process.env.TEST_DB_URL, migrationUrl: process.env.TEST_DB_OWNER_URL });
    try {
      expect((await twoRoles.orm.em.getKnex().raw('select current_user as name')).rows[0].name).toBe(apiRole);
      expect({ applied: twoRoles.applied, granted: twoRoles.granted }).toEqual({ applied: [], granted: true });
    } finally {
      await twoRoles.close();
    }
    // Migrations applied beforehand (`migrations.js up`): the API role only reads the migrations table.
    const apiOnly = await openDatabase({ url: process.env.TEST_DB_URL });
    try {
      expect(apiOnly.applied).toEqual([]);
    } finally {
      await apiOnly.close();
    }
    await refused('insert into mikro_orm_migrations (name) values ($1)', ['Migration99999999999999_forged']);
  });

  it('setting up the roles again is harmless and undoes what would make the API role too strong', async () => {
    const plan = planFromUrls(process.env.TEST_DB_URL!, process.env.TEST_DB_OWNER_URL!);
    expect(plan).toMatchObject({ owner: { name: ownerRole }, api: { name: apiRole } });
    // Someone "fixed" a permission problem the wrong way, and an older setup left a table with the API.
    const strayTable = `roles_stray_${crypto.randomBytes(3).toString('hex')}`;
    await admin.query(`alter role ${admin.escapeIdentifier(apiRole)} createrole createdb`);
    await admin.query(`grant ${admin.escapeIdentifier(ownerRole)} to ${admin.escapeIdentifier(apiRole)}`);
    await admin.query(`create table ${strayTable} (id int)`);
    await admin.query(`alter table ${strayTable} owner to ${admin.escapeIdentifier(apiRole)}`);
    try {
      await provisionRoles(process.env.TEST_DB_ADMIN_URL!, plan);
      await provisionRoles(process.env.TEST_DB_ADMIN_URL!, plan);
      const roles = (await admin.query(`select rolname, rolsuper, rolcreaterole, rolcreatedb, rolcanlogin from pg_roles where rolname = any($1) order by rolname = $2`,
        [[apiRole, ownerRole], ownerRole])).rows;
      expect(roles).toEqual([
        { rolname: apiRole, rolsuper: false, rolcreaterole: false, rolcreatedb: false, rolcanlogin: true },
        { rolname: ownerRole, rolsuper: false, rolcreaterole: false, rolcreatedb: false, rolcanlogin: true }]);
      expect((await admin.query(`select pg_get_userbyid(relowner) as owner from pg_class where relname = $1`, [strayTable])).rows).toEqual([{ owner: ownerRole }]);
      expect((await admin.query('select pg_get_userbyid(datdba) as owner from pg_database where datname = current_database()')).rows).toEqual([{ owner: ownerRole }]);
      expect(await leastPrivilegeProblems(api)).toEqual([]);
      await refused('delete from audit_event where id = $1', [auditId]);
    } finally {
      await admin.query(`drop table if exists ${strayTable}`);
    }
  });

  it('refuses a plan in which the two roles are one, or name two databases', () => {
    expect(() => planFromUrls('postgres://same@h/db', 'postgres://same@h/db')).toThrow(/two different roles/);
    expect(() => planFromUrls('postgres://api@h/one', 'postgres://owner@h/two')).toThrow(/must be the same/);
    expect(() => planFromUrls('postgres://h/db', 'postgres://owner@h/db')).toThrow(/names no user/);
  });
});
