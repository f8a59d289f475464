/**
 * Partner organisations and their API keys (R18): registered by civil affairs or the civilization
 * office; keys created by civil affairs, shown once, stored hashed, revocable. GraphQL-free: takes
 * database keys (null for an id that names nothing of its type, reported as NOT_FOUND) and answers
 * problem codes; every write goes through the one mutation runner (src/db/mutation.ts), which also
 * writes the SUCCESS audit row.
 */
import { newApiKey } from '../../access/tokens';
import { audited, runMutation } from '../../db/mutation';
import type { ServiceContext } from '../../shared/context';
import { UserErrorCode } from '../../shared/errors';
import { fail, refused, Result } from '../../shared/result';
import { textLength } from '../../shared/text';
import { PartnerApiKey, PartnerOrganisation } from './partner.entity';
import { ApiKeyScope, CivilizedUnitLevel, PartnerKind } from './partner.enums';

const LABEL_MAX = 100;
const PARTNER_TEXT = { code: 40, name: 100 };

export interface CreatedApiKey {
  id: string;
  partnerId: string;
  /** The full key for the `X-Api-Key` header: answered once, only its hash is kept. */
  token: string;
}

export class PartnerService {
  /** Civil affairs creates an API key for a partner. */
  async createApiKey(ctx: ServiceContext, partnerId: string | null, label: string, scopes: string[] = Object.values(ApiKeyScope)): Promise<Result<CreatedApiKey>> {
    const text = label?.trim() ?? '';
    if (!text) return refused({ code: UserErrorCode.REQUIRED, path: ['input', 'label'] });
    if (text.length > LABEL_MAX) return refused({ code: UserErrorCode.STRING_TOO_LONG, path: ['input', 'label'], params: { max: LABEL_MAX } });
    if (!partnerId) return refused({ code: UserErrorCode.NOT_FOUND, path: ['input', 'partner'] });
    if (scopes.length === 0) return refused({ code: UserErrorCode.REQUIRED, path: ['input', 'scopes'] });
    return runMutation(ctx, 'createPartnerApiKey', async (tx) => {
      const partner = await tx.findOne(PartnerOrganisation, { id: partnerId });
      if (!partner) fail(UserErrorCode.NOT_FOUND, ['input', 'partner']);
      const key = newApiKey();
      const row = tx.create(PartnerApiKey, { partner, keyId: key.keyId, secretHash: key.secretHash, label: text, scopes: [...new Set(scopes)], createdBy: ctx.principal.actor });
      await tx.flush();
      return audited({ id: row.id, partnerId: partner.id, token: key.token }, 'PartnerApiKey', row.id, { partner: partner.code });
    });
  }

  /** Civil affairs revokes a key at once (optimistic lock on the version read). */
  async revokeApiKey(ctx: ServiceContext, keyId: string | null, version: number): Promise<Result<string>> {
    if (!keyId) return refused({ code: UserErrorCode.NOT_FOUND, path: ['input', 'apiKey'] });
    return runMutation(ctx, 'revokePartnerApiKey', async (tx) => {
      const key = await tx.findOne(PartnerApiKey, { id: keyId });
      if (!key) fail(UserErrorCode.NOT_FOUND, ['input', 'apiKey']);
      if (key.revokedAt) fail(UserErrorCode.ALREADY_REVOKED, ['input', 'apiKey']);
      if (key.version !== version) fail(UserErrorCode.STALE_VERSION, ['input', 'version'], { current: key.version });
      key.revokedAt = ctx.clock.now();
      key.revokedBy = ctx.principal.actor;
      await tx.flush();
      return audited(key.id, 'PartnerApiKey', key.id);
    });
  }

  /** Civil affairs or the civilization office registers a partner organisation (R18). */
  async registerOrganisation(
    ctx: ServiceContext,
    input: { code: string; name: string; kind: PartnerKind; level?: CivilizedUnitLevel | null },
  ): Promise<Result<string>> {
    const code = input.code?.trim() ?? '';
    const name = input.name?.trim() ?? '';
    if (!/^[a-z0-9][a-z0-9-]{1,39}$/.test(code)) return refused({ code: UserErrorCode.INVALID_FORMAT, path: ['input', 'code'] });
    if (!name) return refused({ code: UserErrorCode.REQUIRED, path: ['input', 'name'] });
    if (textLength(name) > PARTNER_TEXT.name) return refused({ code: UserErrorCode.STRING_TOO_LONG, path: ['input', 'name'], params: { max: PARTNER_TEXT.name } });
    // Only civilized units have a level, and they must: it sets their quota.
    if ((input.kind === PartnerKind.CIVILIZED_UNIT) !== (input.level != null)) return refused({ code: UserErrorCode.REQUIRED, path: ['input', 'level'] });
    return runMutation(ctx, 'registerPartnerOrganisation', async (tx) => {
      const row = tx.create(PartnerOrganisation, { code, name, kind: input.kind, level: input.level ?? null, createdBy: ctx.principal.actor, updatedBy: ctx.principal.actor });
      await tx.flush();
      return audited(row.id, 'PartnerOrganisation', row.id);
    }, {
      // The code is the organisation's stable name; a concurrent registration of the same code
      // loses the race here rather than at a read-then-insert check.
      onUniqueViolation: (constraint) => (constraint === 'partner_organisation_code_unique' ? { code: UserErrorCode.DUPLICATE_CODE, path: ['input', 'code'] } : undefined),
    });
  }
}
