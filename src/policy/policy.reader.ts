/**
 * Plain-row reads of the versioned policy parameters: every parameter in force on a day, and a
 * parameter's history. Everyone reads the same rows (the operation guard decides who may ask).
 */
import type { Knex } from '@mikro-orm/postgresql';
import { ErrorCode, RequestRefused } from '../shared/errors';
import { calendarDay } from '../shared/county-calendar';
import { runPrepared } from '../db/prepared';
import { PARAMETER_KEYS, PARAMETERS, ParameterKey, PolicySnapshot, PolicyValues } from './parameter-definitions';
import type { Row } from '../shared/row';

/** The row of every parameter in force on `asOf` (one statement). */
export async function parametersInForce(knex: Knex, asOf: string): Promise<ParameterRow[]> {
  // Prepared (issue 10): read by every request that ranks, plans or checks eligibility.
  const rows = await runPrepared<Row>(knex('policy_parameter')
    .distinctOn('key')
    .select('*')
    .where('effective_from', '<=', asOf)
    .orderBy([{ column: 'key' }, { column: 'effective_from', order: 'desc' }]));
  return rows.filter((r: Row) => r.key in PARAMETERS).map(toRow);
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
  if (missing.length) throw new RequestRefused(ErrorCode.BAD_USER_INPUT, `No policy in force on ${asOf} for ${missing.join(', ')}`);
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

function toRow(r: Row): ParameterRow {
  return { id: String(r.id), key: r.key, value: Number(r.value), effectiveFrom: calendarDay(r.effective_from), setBy: r.set_by, setAt: new Date(r.set_at), reason: r.reason };
}

export async function parameterHistory(knex: Knex, key: string): Promise<ParameterRow[]> {
  return (await knex('policy_parameter').select('*').where({ key }).orderBy('effective_from', 'desc')).map(toRow);
}
