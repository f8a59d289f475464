import { Opt, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * The columns of every API key table (partners' `partner_api_key`, charity platforms'
 * `charity_platform_api_key`): the public key id that finds the row, the SHA-256 of the secret
 * (shown once at creation), a label, who made it and when, its revocation and last use. The owner
 * and the scopes (their defaults differ) are the subclass's; src/access/authenticate.ts checks
 * both kinds of key the same way (useKey).
 */
export abstract class ApiKeyColumns {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'string', length: 32, unique: true })
  keyId!: string;

  @Property({ type: 'string', length: 64 })
  secretHash!: string;

  @Property({ type: 'string', length: 100 })
  label!: string;

  @Property({ version: true, type: 'integer' })
  version: number & Opt = 1;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'string', length: 120 })
  createdBy!: string;

  @Property({ type: 'timestamptz', nullable: true })
  revokedAt?: Date | null;

  @Property({ type: 'string', length: 120, nullable: true })
  revokedBy?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  lastUsedAt?: Date | null;
}
