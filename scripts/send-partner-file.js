#!/usr/bin/env node
/**
 * Sends a partner's own export file (a shipped sample, or the partner system's real export) to
 * the API as that partner, through `importPartnerRecords`, and prints the answer: accepted,
 * duplicates, rejected records with their codes, skipped records. For trying the adapters
 * without writing a client (README "Partners"; issue 14):
 *
 *   API_KEY=pk_… node scripts/send-partner-file.js trade-union partner-adapters/trade-union/samples/batch-2026-11.json
 *
 * API_URL defaults to http://localhost:4000/graphql. Exit status 0 when nothing was rejected.
 * Plain JavaScript with Node's own fetch: it runs without a build.
 */
/* global fetch */ // Node 18+ has fetch built in
'use strict';
const fs = require('node:fs');
const { parseArgs } = require('node:util');

const IMPORT = `mutation($input: ImportPartnerRecordsInput!) {
  importPartnerRecords(input: $input) {
    result { accepted duplicates rejected { record code message } skipped { record reason } }
    userErrors { field code message }
  }
}`;

async function main() {
  const { positionals } = parseArgs({ allowPositionals: true, options: {} });
  const [format, file] = positionals;
  const key = process.env.API_KEY;
  if (!format || !file || !key) {
    console.error('usage: API_KEY=<partner key> node scripts/send-partner-file.js <format> <file>   (API_URL, default http://localhost:4000/graphql)');
    process.exit(2);
  }
  const url = process.env.API_URL || 'http://localhost:4000/graphql';
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', 'x-api-key': key },
    body: JSON.stringify({ query: IMPORT, variables: { input: { format, content: fs.readFileSync(file, 'utf8') } } }),
  });
  const body = await res.json().catch(() => null);
  console.log(JSON.stringify(body, null, 2));
  const payload = body && body.data && body.data.importPartnerRecords;
  const clean = res.ok && payload && payload.userErrors.length === 0 && payload.result.rejected.length === 0;
  process.exit(clean ? 0 : 1);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
