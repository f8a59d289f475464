/**
 * Supervision's per-request loaders, built from its readers (rows the principal may see), and its
 * node types for node(id:) under the same row rules.
 */
import type { Knex } from '@mikro-orm/postgresql';
import { byId, grouped } from '../../graphql/dataloaders';
import { registerNode } from '../../graphql/node-registry';
import type { Principal } from '../../shared/principal';
import { CheckHouseholdRow, SupervisionReader, SupervisionRecordsReader } from './supervision.reader';
import { checkHouseholdNode, checkNode, CheckHouseholdNode, CheckNode, signOffNode, SignOffNode } from './supervision.types';

export function createSupervisionLoaders(knex: Knex, principal: Principal) {
  const records = new SupervisionRecordsReader(knex, principal);
  return {
    supervisionReader: new SupervisionReader(knex, principal),
    supervisionRecords: records,
    supervisionCheck: byId<CheckNode>(async (ids) => (await records.checksByIds(ids)).map(checkNode)),
    supervisionCheckHousehold: byId<CheckHouseholdNode>(async (ids) => (await records.checkHouseholdsByIds(ids)).map(checkHouseholdNode)),
    supervisionCheckHouseholds: grouped<CheckHouseholdRow>((ids) => records.checkHouseholds(ids), (r) => r.checkId),
    assessmentSignOff: byId<SignOffNode>(async (ids) => (await records.signOffs({}, ids)).map(signOffNode)),
  };
}

registerNode('SupervisionCheck', (ctx, key) => ctx.loaders.supervisionCheck.load(key));
registerNode('SupervisionCheckHousehold', (ctx, key) => ctx.loaders.supervisionCheckHousehold.load(key));
registerNode('AssessmentSignOff', (ctx, key) => ctx.loaders.assessmentSignOff.load(key));
