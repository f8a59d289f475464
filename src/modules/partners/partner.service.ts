import { OptimisticLockError, UniqueConstraintViolationException } from '@mikro-orm/core';
import { writeAudit } from '../../access/audit';
import { newApiKey } from '../../access/tokens';
import { UserError, userError, UserErrorCode } from '../../graphql/errors';
import { keyOf } from '../../graphql/relay';
import { ServiceContext } from '../registry/household.service';
import { PartnerApiKey, PartnerOrganisation } from './partner.entity';
import { ApiKeyScope, PartnerKind } from './partner.enums';
import { CivilizedUnitLevel } from '../pairing/pairing.enums';

const LABEL_MAX = 100;

/** Partner API keys: created by civil affairs, shown once, stored hashed, revocable. */
export class PartnerService {
  async createApiKey(ctx: ServiceContext, partnerGlobalId: string, label: string, scopes: string[] = Object.values(ApiKeyScope)): Promise<{ ok: true; id: string; token: string } | { ok: false; userErrors: UserError[] }> {
    const fail = (code: UserErrorCode, field: string, params = {}) => ({ ok: false as const, userErrors: [userError(ctx.lang, code, ['input', field], params)] });
    const partnerId = keyOf(partnerGlobalId, 'PartnerOrganisation');
    const text = label?.trim() ?? '';
    if (!text) return fail(UserErrorCode.REQUIRED, 'label');
    if (text.length > LABEL_MAX) return fail(UserErrorCode.STRING_TOO_LONG, 'label', { max: LABEL_MAX });
    if (!partnerId) return fail(UserErrorCode.NOT_FOUND, 'partner');
    if (scopes.length === 0) return fail(UserErrorCode.REQUIRED, 'scopes');
    return ctx.em.fork().transactional(async (tx) => {
      const partner = await tx.findOne(PartnerOrganisation, { id: partnerId });
      if (!partner) return fail(UserErrorCode.NOT_FOUND, 'partner');
      const key = newApiKey();
      const row = tx.create(PartnerApiKey, { partner, keyId: key.keyId, secretHash: key.secretHash, label: text, scopes: [...new Set(scopes)], createdBy: ctx.principal.actor });
      await tx.flush();
      await writeAudit(tx, ctx, [{ action: 'Mutation.createPartnerApiKey', entity: 'PartnerApiKey', recordId: row.id, outcome: 'SUCCESS', detail: { partner: partner.code } }]);
      return { ok: true as const, id: row.id, token: key.token };
    });
  }

  async revokeApiKey(ctx: ServiceContext, keyGlobalId: string, version: number): Promise<{ ok: true; id: string } | { ok: false; userErrors: UserError[] }> {
    const fail = (code: UserErrorCode, field: string, params = {}) => ({ ok: false as const, userErrors: [userError(ctx.lang, code, ['input', field], params)] });
    const id = keyOf(keyGlobalId, 'PartnerApiKey');
    if (!id) return fail(UserErrorCode.NOT_FOUND, 'apiKey');
    try {
      return await ctx.em.fork().transactional(async (tx) => {
        const key = await tx.findOne(PartnerApiKey, { id });
        if (!key) return fail(UserErrorCode.NOT_FOUND, 'apiKey');
        if (key.revokedAt) return fail(UserErrorCode.ALREADY_REVOKED, 'apiKey');
        if (key.version !== version) return fail(UserErrorCode.STALE_VERSION, 'version', { current: key.version });
        key.revokedAt = ctx.clock.now();
        key.revokedBy = ctx.principal.actor;
        await tx.flush();
        await writeAudit(tx, ctx, [{ action: 'Mutation.revokePartnerApiKey', entity: 'PartnerApiKey', recordId: key.id, outcome: 'SUCCESS' }]);
        return { ok: true as const, id: key.id };
      });
    } catch (err) {
      if (err instanceof OptimisticLockError) return fail(UserErrorCode.STALE_VERSION, 'version', { current: '?' });
      throw err;
    }
  }
}

const PARTNER_TEXT = { code: 40, name: 100 };

/** Civil affairs or the civilization office registers a partner organisation (R18). */
export async function registerPartnerOrganisation(
  ctx: ServiceContext,
  input: { code: string; name: string; kind: PartnerKind; level?: CivilizedUnitLevel | null },
): Promise<{ ok: true; id: string } | { ok: false; userErrors: UserError[] }> {
  const fail = (code: UserErrorCode, field: string, params = {}) => ({ ok: false as const, userErrors: [userError(ctx.lang, code, ['input', field], params)] });
  const code = input.code?.trim() ?? '';
  const name = input.name?.trim() ?? '';
  if (!/^[a-z0-9][a-z0-9-]{1,39}$/.test(code)) return fail(UserErrorCode.INVALID_FORMAT, 'code');
  if (!name) return fail(UserErrorCode.REQUIRED, 'name');
  if ([...name].length > PARTNER_TEXT.name) return fail(UserErrorCode.STRING_TOO_LONG, 'name', { max: PARTNER_TEXT.name });
  // Only civilized units have a level, and they must: it sets their quota.
  if ((input.kind === PartnerKind.CIVILIZED_UNIT) !== (input.level != null)) return fail(UserErrorCode.REQUIRED, 'level');
  try {
    return await ctx.em.fork().transactional(async (tx) => {
      const row = tx.create(PartnerOrganisation, { code, name, kind: input.kind, level: input.level ?? null, createdBy: ctx.principal.actor, updatedBy: ctx.principal.actor });
      await tx.flush();
      await writeAudit(tx, ctx, [{ action: 'Mutation.registerPartnerOrganisation', entity: 'PartnerOrganisation', recordId: row.id, outcome: 'SUCCESS' }]);
      return { ok: true as const, id: row.id };
    });
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException) return fail(UserErrorCode.DUPLICATE_CODE, 'code');
    throw err;
  }
}
