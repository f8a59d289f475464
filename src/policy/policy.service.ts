/**
 * Versioned policy parameters: set (by civil affairs only) as new dated rows; read them with
 * policy.reader.ts. A change never rewrites history: rows are insert-only, and a value may not
 * take effect on or before a day on which a decision was already taken with the previous value.
 */
import type { Knex } from '@mikro-orm/postgresql';
import { audited, runMutation } from '../db/mutation';
import type { ServiceContext } from '../shared/context';
import { calendarDay } from '../shared/county-calendar';
import { UserErrorCode } from '../shared/errors';
import { fail, refused, Result } from '../shared/result';
import { PARAMETERS, ParameterKey } from './parameter-definitions';
import { PolicyParameter } from './policy-parameter.entity';

const REASON_MAX = 200;

export interface ParameterSetting { key: string; value: number; effectiveFrom: string; reason: string }

export class PolicyService {
  /** Answers the new row's key. */
  async setParameter(ctx: ServiceContext, input: ParameterSetting): Promise<Result<string>> {
    const at = (field: string) => ['input', field];
    const def = PARAMETERS[input.key as ParameterKey];
    if (!def) return refused({ code: UserErrorCode.UNKNOWN_PARAMETER, path: at('key') });
    if (!Number.isFinite(input.value) || input.value < def.min || input.value > def.max) {
      return refused({ code: UserErrorCode.OUT_OF_RANGE, path: at('value'), params: { min: def.min, max: def.max } });
    }
    if (def.integer && !Number.isInteger(input.value)) return refused({ code: UserErrorCode.NOT_AN_INTEGER, path: at('value') });
    const reason = input.reason?.trim() ?? '';
    if (!reason) return refused({ code: UserErrorCode.REQUIRED, path: at('reason') });
    if (reason.length > REASON_MAX) return refused({ code: UserErrorCode.STRING_TOO_LONG, path: at('reason'), params: { max: REASON_MAX } });

    return runMutation(ctx, 'setPolicyParameter', async (tx) => {
      const knex = tx.getTransactionContext<Knex.Transaction>()!;
      // Serialise parameter changes so two concurrent settings cannot both pass the checks.
      await knex.raw('lock table policy_parameter in share row exclusive mode');
      const same = await knex('policy_parameter').where({ key: input.key, effective_from: input.effectiveFrom }).first();
      if (same) fail(UserErrorCode.PARAMETER_ALREADY_SET_FOR_DATE, at('effectiveFrom'));
      const decided = await knex('identification_case')
        .where('decided_on', '>=', input.effectiveFrom)
        .orWhere('confirmed_on', '>=', input.effectiveFrom)
        .max({ last: knex.raw('greatest(decided_on, confirmed_on)') })
        .first();
      if (decided?.last) fail(UserErrorCode.PARAMETER_WOULD_REWRITE_DECISION, at('effectiveFrom'), { date: calendarDay(decided.last) });
      const row = tx.create(PolicyParameter, { key: input.key, value: input.value, effectiveFrom: input.effectiveFrom, setBy: ctx.principal.actor, reason, setAt: ctx.clock.now() });
      await tx.flush();
      return audited(row.id, 'PolicyParameter', row.id, { key: input.key, effectiveFrom: input.effectiveFrom });
    });
  }
}
