'use strict';
/**
 * The floor of issue 10's comparison: raw `pg` (named prepared statements, pool of 10 as the API's)
 * and `node:http`, answering the benchmark's queries with the same rows and JSON shape as the
 * GraphQL servers and nothing else (no GraphQL, no access checks, no audit). Counts come from the
 * tallies the database keeps (household_tally) when it has them, else from count(*), the cheapest
 * exact answer the database allows either way. `node floor-server.js <database url>`; prints
 * `listening <port>`. Routes: POST /households {first, after, township}, POST /household {id},
 * POST /statistics, POST /needs {first, after} (a partner's open needs, newest first), POST /ranking
 * {pledge, today, k} (the candidate needs of a pledge: the API's own ranking statement, handed
 * over by bench-compare in FLOOR_RANKING_SQL, as one prepared statement).
 */
const { Buffer } = require('node:buffer');
const http = require('node:http');
const { Pool } = require('pg');

const [url] = process.argv.slice(2);
const pool = new Pool({ connectionString: url, max: 10 });

const PAGE = {
  name: 'floor-page',
  text: `select h.id, h.head_name, h.member_count, h.created_at, t.name as township_name, c.name as community_name
           from household h join township t on t.id = h.township_id join community c on c.id = h.community_id
          where ($1::bigint is null or h.township_id = $1)
            and ($2::timestamptz is null or (h.created_at, h.id) < ($2, $3::bigint))
          order by h.created_at desc, h.id desc limit $4`,
};
const MEMBERS = {
  name: 'floor-members',
  text: `select id, household_id, name, id_number, birth_date, relation_to_head from person
          where household_id = any($1::bigint[]) and removed_at is null order by id`,
};
const ONE = {
  name: 'floor-one',
  text: `select h.id, h.head_name, h.member_count, h.created_at, t.name as township_name, c.name as community_name
           from household h join township t on t.id = h.township_id join community c on c.id = h.community_id where h.id = $1`,
};
let tallies = null;
const COUNT_TALLY = { name: 'floor-count-tally', text: 'select coalesce(sum(households), 0)::int as n from household_tally where $1::bigint is null or township_id = $1' };
const COUNT_SCAN = { name: 'floor-count-scan', text: 'select count(*)::int as n from household where $1::bigint is null or township_id = $1' };
const STATS_TALLY = { name: 'floor-stats-tally', text: `select x.township_id, t.name, x.status, x.households::int, x.persons::int from household_tally x join township t on t.id = x.township_id where x.households > 0 order by x.township_id, x.status` };
const STATS_SCAN = { name: 'floor-stats-scan', text: `select x.township_id, t.name, x.status, x.households::int, x.persons::int from (select township_id, status, count(*) as households, sum(member_count) as persons from household group by 1, 2) x join township t on t.id = x.township_id order by x.township_id, x.status` };

const NEEDS_PAGE = {
  name: 'floor-needs',
  text: `select id, kind, uncovered_amount, urgency, description, status, created_at from need
          where status = 'OPEN' and ($1::bigint is null or id < $1) order by id desc limit $2`,
};
const NEEDS_COUNT = { name: 'floor-needs-count', text: `select count(*)::int as n from need where status = 'OPEN'` };
const RANKING = { name: 'floor-ranking', text: process.env.FLOOR_RANKING_SQL || 'select 1 where false' };

const person = (p) => ({ id: p.id, name: p.name, idNumber: p.id_number, birthDate: p.birth_date, relationToHead: p.relation_to_head });

async function withMembers(rows) {
  const members = await pool.query({ ...MEMBERS, values: [rows.map((r) => r.id)] });
  const by = new Map(rows.map((r) => [r.id, []]));
  for (const m of members.rows) by.get(m.household_id)?.push(person(m));
  return rows.map((r) => ({ id: r.id, headName: r.head_name, memberCount: r.member_count, township: { name: r.township_name }, community: { name: r.community_name }, members: by.get(r.id) }));
}

const routes = {
  async '/needs'(q) {
    const first = Math.min(Math.max(Number(q.first) || 50, 1), 100);
    const after = q.after ? JSON.parse(Buffer.from(q.after, 'base64url').toString()) : null;
    const [page, count] = await Promise.all([pool.query({ ...NEEDS_PAGE, values: [after, first + 1] }), pool.query(NEEDS_COUNT)]);
    const rows = page.rows.slice(0, first);
    const last = rows[rows.length - 1];
    return { needs: {
      totalCount: count.rows[0].n,
      pageInfo: { hasNextPage: page.rows.length > first, endCursor: last ? Buffer.from(JSON.stringify(last.id)).toString('base64url') : null },
      nodes: rows.map((n) => ({ id: n.id, kind: n.kind, uncoveredAmount: n.uncovered_amount, urgency: n.urgency, description: n.description, status: n.status, createdAt: n.created_at })),
    } };
  },
  async '/ranking'(q) {
    const { rows } = await pool.query({ ...RANKING, values: [q.pledge, q.today, q.k, 20] });
    return { ranking: rows.map((r) => ({
      id: r.id, kind: r.kind, urgency: r.urgency, u: r.u, v: r.v, days: r.days, uncoveredAmount: r.uncovered_amount, allocated: r.allocated,
      createdAt: r.created_at, townshipName: r.township_name, communityName: r.community_name, communityShown: r.community_shown,
    })) };
  },
  async '/households'(q) {
    const first = Math.min(Math.max(Number(q.first) || 50, 1), 100);
    let after = [null, null];
    if (q.after) after = JSON.parse(Buffer.from(q.after, 'base64url').toString());
    const township = q.township ?? null;
    const [page, count] = await Promise.all([
      pool.query({ ...PAGE, values: [township, after[0], after[1], first + 1] }),
      pool.query({ ...(tallies ? COUNT_TALLY : COUNT_SCAN), values: [township] }),
    ]);
    const rows = page.rows.slice(0, first);
    const last = rows[rows.length - 1];
    return { households: {
      totalCount: count.rows[0].n,
      pageInfo: { hasNextPage: page.rows.length > first, endCursor: last ? Buffer.from(JSON.stringify([last.created_at, last.id])).toString('base64url') : null },
      nodes: await withMembers(rows),
    } };
  },
  async '/household'(q) {
    const { rows } = await pool.query({ ...ONE, values: [q.id] });
    return { household: rows.length ? (await withMembers(rows))[0] : null };
  },
  async '/statistics'() {
    const { rows } = await pool.query(tallies ? STATS_TALLY : STATS_SCAN);
    return { householdStatistics: { byTownship: rows.map((r) => ({ township: { name: r.name }, status: r.status, households: r.households, persons: r.persons })) } };
  },
};

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    try {
      const route = routes[req.url];
      if (!route) { res.writeHead(404).end(); return; }
      const data = await route(chunks.length ? JSON.parse(Buffer.concat(chunks).toString()) : {});
      const body = JSON.stringify({ data });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
    } catch (err) {
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ message: String(err && err.message) }] }));
    }
  });
});

pool.query(`select to_regclass('household_tally') is not null as present`).then(({ rows }) => {
  tallies = rows[0].present;
  server.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`));
}, (err) => { console.error(err.message); process.exit(1); });
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
