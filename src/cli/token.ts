/**
 * Development credentials:
 *   npm run token -- --department CIVIL_AFFAIRS [--name 王芳] [--ttl 12h]
 *   npm run token -- --township 350421100
 *   npm run token -- --partner county-trade-union      (with DATABASE_URL: creates and prints a partner API key)
 * Staff tokens are signed with the server's secret (JWT_SECRET, or the development secret in
 * ./data). Production tokens come from the county identity provider instead.
 */
import 'reflect-metadata';
import { loadConfig } from '../config';
import { DEPARTMENT_CODES, isDepartmentCode, SYSTEM_ACTOR } from '../shared/principal';
import { mintStaffToken, newApiKey, resolveJwtSecret } from '../access/tokens';
import { parseCommandLine } from './args';

const USAGE = 'usage: npm run token -- --department <CODE> | --township <code> | --partner <code>  [--name N] [--sub S] [--ttl 12h]';

async function main() {
  const parsed = parseCommandLine(process.argv.slice(2), {
    department: { type: 'string' }, township: { type: 'string' }, partner: { type: 'string' },
    ttl: { type: 'string', default: '12h' }, sub: { type: 'string', default: 'dev-user' }, name: { type: 'string' },
  }, USAGE);
  if (!parsed.ok) {
    console.error(parsed.message);
    process.exit(2);
  }
  const { department, township, partner, ttl, sub } = parsed.values;
  const config = loadConfig();
  if ([department, township, partner].filter(Boolean).length !== 1) {
    console.error(USAGE);
    console.error(`departments: ${DEPARTMENT_CODES.join(', ')}`);
    process.exit(2);
  }
  if (partner && !config.databaseUrl) {
    // The embedded database belongs to the running server: a second process must not open it.
    console.error('On the embedded database, create partner keys through the API as civil affairs:');
    console.error('  mutation { createPartnerApiKey(input: { partner: "<id from partnerOrganisations>", label: "…" }) { secret userErrors { code } } }');
    process.exit(2);
  }
  if (partner) {
    const { openDatabase } = await import('../db/database');
    const db = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
    try {
      const knex = db.orm.em.getKnex();
      const row = await knex('partner_organisation').select('id').where({ code: partner }).first();
      if (!row) throw new Error(`unknown partner '${partner}'`);
      const key = newApiKey();
      await knex('partner_api_key').insert({ partner_id: row.id, key_id: key.keyId, secret_hash: key.secretHash, label: 'development key (npm run token)', created_by: SYSTEM_ACTOR });
      console.log(key.token);
      console.error('Send it as "X-Api-Key: <key>". Shown once; only its hash is stored.');
    } finally {
      await db.close();
    }
    return;
  }
  const secret = resolveJwtSecret(config);
  if (!secret) throw new Error('No JWT secret: set JWT_SECRET (tokens for a JWKS setup come from the identity provider)');
  if (department && !isDepartmentCode(department)) {
    console.error(`unknown department '${department}'; one of: ${DEPARTMENT_CODES.join(', ')}`);
    process.exit(2);
  }
  const name = parsed.values.name ?? sub;
  const claims = department && isDepartmentCode(department) ? { sub: sub!, name: name!, department } : { sub: sub!, name: name!, township: township! };
  console.log(await mintStaffToken(secret, claims, { ttl: ttl!, issuer: config.jwt.issuer, audience: config.jwt.audience }));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
