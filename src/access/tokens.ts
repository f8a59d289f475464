import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SignJWT } from 'jose';
import { Config } from '../config';
import { DepartmentCode } from '../shared/principal';

export const TOKEN_ISSUER_DEFAULT = 'county-assistance-dev';

/**
 * The HS256 secret: JWT_SECRET when set; otherwise (development only) a random secret kept in
 * `<dataDir>/dev-jwt-secret`, so `npm run token` and `npm start` agree without configuration.
 */
export function resolveJwtSecret(config: Config): string | undefined {
  if (config.jwt.secret) return config.jwt.secret;
  if (config.jwt.jwksUrl || config.env === 'production') return undefined;
  const file = path.join(config.dataDir, 'dev-jwt-secret');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(config.dataDir, { recursive: true });
    fs.writeFileSync(file, crypto.randomBytes(32).toString('hex'), { mode: 0o600 });
  }
  return fs.readFileSync(file, 'utf8').trim();
}

export type StaffClaims =
  | { sub: string; name: string; department: DepartmentCode }
  | { sub: string; name: string; township: string };

/** Mints a staff token (development and tests; production tokens come from the county IdP). */
export async function mintStaffToken(secret: string, claims: StaffClaims, opts: { ttl?: string; issuer?: string; audience?: string } = {}) {
  const jwt = new SignJWT({ ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub)
    .setIssuedAt()
    .setIssuer(opts.issuer ?? TOKEN_ISSUER_DEFAULT)
    .setExpirationTime(opts.ttl ?? '12h');
  if (opts.audience) jwt.setAudience(opts.audience);
  return jwt.sign(new TextEncoder().encode(secret));
}

/** `<keyId>.<secret>`; only sha256(secret) is stored. */
export function newApiKey(): { keyId: string; secret: string; token: string; secretHash: string } {
  const keyId = `pk_${crypto.randomBytes(9).toString('base64url')}`;
  const secret = crypto.randomBytes(32).toString('base64url');
  return { keyId, secret, token: `${keyId}.${secret}`, secretHash: hashSecret(secret) };
}

export function hashSecret(secret: string): string {
  return crypto.createHash('sha256').update(secret, 'utf8').digest('hex');
}
