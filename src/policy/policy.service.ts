/**
 * Versioned policy parameters: read as of any day, set (by civil affairs only) as new dated rows.
 * A change never rewrites history: rows are insert-only, and a value may not take effect on or
 * before a day on which a decision was already taken with the previous value.
 */
import type { Knex } from '@mikro-orm/postgresql';
import { calendarDay } from '../graphql/scalars';
import { writeAudit } from '../access/audit';
import { DomainError, ErrorCode, UserError, userError, UserErrorCode } from '../graphql/errors';
import { ServiceContext } from '../modules/registry/household.service';
import { PARAMETER_KEYS, PARAMETERS, ParameterKey, PolicySnapshot, PolicyValues } from './parameter-definitions';
import { PolicyParameter } from './policy-parameter.entity';

const REASON_MAX = 200;


/** The row of every parameter in force on `asOf` (one statement). */
export async function parametersInForce(knex: Knex, asOf: string): Promise<ParameterRow[]> {
  const rows = await knex('policy_parameter')
    .distinctOn('key')
    .select('*')
    .where('effective_from', '<=', asOf)
    .orderBy([{ column: 'key' }, { column: 'effective_from', order: 'desc' }]);
  return rows.filter((r: Record<string, any>) => r.key in PARAMETERS).map(toRow);
}

/** The value of every parameter in force on `asOf`. */
export async function loadPolicy(knex: Knex, asOf: string): Promise<PolicySnapshot> {
  const values = {} as PolicyValues;
  const effectiveFrom = {} as Record<ParameterKey, string>;
  for (const r of await parametersInForce(knex, asOf)) {
    values[r.key] = r.value;
    effectiveFrom[r.key] = r.effectiveFrom;
  }
  const missing = PARAMETER_KEYS.filter((k) => !(k in values));
  if (missing.length) throw new DomainError(ErrorCode.BAD_USER_INPUT, `No policy in force on ${asOf} for ${missing.join(', ')}`);
  return { asOf, values, effectiveFrom };
}

export interface ParameterRow {
  id: string;
  key: ParameterKey;
  value: number;
  effectiveFrom: string;
  setBy: string;
  setAt: Date;
  reason: string;
}

function toRow(r: Record<string, any>): ParameterRow {
  return { id: String(r.id), key: r.key, value: Number(r.value), effectiveFrom: calendarDay(r.effective_from), setBy: r.set_by, setAt: new Date(r.set_at), reason: r.reason };
}

export async function parameterHistory(knex: Knex, key: string): Promise<ParameterRow[]> {
  return (await knex('policy_parameter').select('*').where({ key }).orderBy('effective_from', 'desc')).map(toRow);
}

export class PolicyService {
  async setParameter(
    ctx: ServiceContext,
    input: { key: string; value: number; effectiveFrom: string; reason: string },
  ): Promise<{ ok: true; id: string } | { ok: false; userErrors: UserError[] }> {
    const fail = (code: UserErrorCode, field: string, params: Record<string, string | number> = {}) =>
      ({ ok: false as const, userErrors: [userError(ctx.lang, code, ['input', field], params)] });
    const def = PARAMETERS[input.key as ParameterKey];
    if (!def) return fail(UserErrorCode.UNKNOWN_PARAMETER, 'key');
    if (!Number.isFinite(input.value) || input.value < def.min || input.value > def.max) return fail(UserErrorCode.OUT_OF_RANGE, 'value', { min: def.min, max: def.max });
    if (def.integer && !Number.isInteger(input.value)) return fail(UserErrorCode.NOT_AN_INTEGER, 'value');
    const reason = input.reason?.trim() ?? '';
    if (!reason) return fail(UserErrorCode.REQUIRED, 'reason');
    if (reason.length > REASON_MAX) return fail(UserErrorCode.STRING_TOO_LONG, 'reason', { max: REASON_MAX });

    return ctx.em.fork().transactional(async (tx) => {
      const knex = tx.getTransactionContext<Knex.Transaction>()!;
      // Serialise parameter changes so two concurrent settings cannot both pass the checks.
      await knex.raw('lock table policy_parameter in share row exclusive mode');
      const same = await knex('policy_parameter').where({ key: input.key, effective_from: input.effectiveFrom }).first();
      if (same) return fail(UserErrorCode.PARAMETER_ALREADY_SET_FOR_DATE, 'effectiveFrom');
      const decided = await knex('identification_case')
        .where('decided_on', '>=', input.effectiveFrom)
        .orWhere('confirmed_on', '>=', input.effectiveFrom)
        .max({ last: knex.raw('greatest(decided_on, confirmed_on)') })
        .first();
      if (decided?.last) return fail(UserErrorCode.PARAMETER_WOULD_REWRITE_DECISION, 'effectiveFrom', { date: calendarDay(decided.last) });
      const row = tx.create(PolicyParameter, { key: input.key, value: input.value, effectiveFrom: input.effectiveFrom, setBy: ctx.principal.actor, reason, setAt: ctx.clock.now() });
      await tx.flush();
      await writeAudit(tx, ctx, [{ action: 'Mutation.setPolicyParameter', entity: 'PolicyParameter', recordId: row.id, outcome: 'SUCCESS', detail: { key: input.key, effectiveFrom: input.effectiveFrom } }]);
      return { ok: true as const, id: row.id };
    });
  }
}
