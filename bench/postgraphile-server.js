'use strict';
/**
 * PostGraphile 4.14 over the benchmark database (issue 10's comparison): `node postgraphile-server.js
 * <database url>`; prints `listening <port>` once it serves POST /graphql on 127.0.0.1. Defaults
 * otherwise, as a team would start it: no access checks, masking or audit; queries only;
 * @graphile/pg-aggregates for the counts by township and status; the donors' ranking as the
 * database function bench_pledge_candidates (the API's statement, made by bench-compare), which
 * PostGraphile serves as the query field benchPledgeCandidates.
 */
const http = require('node:http');
const { postgraphile } = require('postgraphile');
const PgAggregatesPlugin = require('@graphile/pg-aggregates').default;
const { makePgSmartTagsPlugin } = require('graphile-utils');

// Only the tables the benchmark reads: the API's other tables are none of PostGraphile's business
// here (and some of their relations clash in its naming), nor are the database's functions but
// the ranking's.
const KEEP = new Set(['household', 'person', 'township', 'community', 'need', 'bench_ranked_need']);
const OnlyRegistry = makePgSmartTagsPlugin([
  { kind: 'class', match: (entity) => !KEEP.has(entity.name), tags: { omit: true } },
  { kind: 'procedure', match: (entity) => entity.name !== 'bench_pledge_candidates', tags: { omit: true } },
]);

const [url] = process.argv.slice(2);
const handler = postgraphile(url, 'public', {
  disableDefaultMutations: true,
  appendPlugins: [PgAggregatesPlugin, OnlyRegistry],
  graphiql: false,
  disableQueryLog: true,
  retryOnInitFail: false,
  watchPg: false,
  setofFunctionsContainNulls: false,
});
const server = http.createServer(handler);
server.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
