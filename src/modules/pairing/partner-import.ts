/**
 * Batches from partner systems — a file uploaded through GraphQL or a signed webhook — run through
 * the partner's adapter and then, record by record, through the same registerAssistance service
 * as the GraphQL mutation. Batches are partial by design: each record is written in its own
 * transaction, valid records land, invalid ones come back with reasons, and a resent record (same
 * partner id, same content) is reported as a duplicate and writes nothing.
 */
import { adapterFor, ConfigurablePartnerAdapter } from '../../../integrations';
import { countyToday } from '../../graphql/scalars';
import { IntegrationFormat } from '../../../integrations/partner-adapter';
import { CaseContext } from '../identification/identification.service';
import { LedgerOrigin } from './pairing.enums';
import { PairingService } from './pairing.service';
import { ImportResult } from './pairing.types';

/** The webhook accepts up to this much; a GraphQL upload is bounded first by the 1 MB request limit. */
const MAX_BYTES = 2 * 1024 * 1024;
const MAX_RECORDS = 5000;

export class ImportRefused extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

export async function importPartnerRecords(ctx: CaseContext, service: PairingService, format: string, raw: string, origin: LedgerOrigin): Promise<ImportResult> {
  const p = ctx.principal;
  const adapter = adapterFor(format as IntegrationFormat);
  if (!adapter) throw new ImportRefused('UNKNOWN_FORMAT', `Unknown format "${format}"`);
  if (p.kind !== 'PARTNER') throw new ImportRefused('NOT_A_PARTNER', 'Only partner organisations send partner records');
  const kind = (await ctx.em.getKnex()('partner_organisation').where('id', p.partnerId).first())?.kind;
  if (!adapter.partnerKinds.includes(kind)) throw new ImportRefused('FORMAT_NOT_YOURS', `Format "${format}" is not for your kind of organisation`);
  if (Buffer.byteLength(raw, 'utf8') > MAX_BYTES) throw new ImportRefused('PAYLOAD_TOO_LARGE', `At most ${MAX_BYTES} bytes per batch`);

  const result: ImportResult = { accepted: 0, duplicates: 0, rejected: [], skipped: [] };
  // The adapters judge dates against the county day of the request's clock.
  const parsed = (adapter as ConfigurablePartnerAdapter).parse(raw, { today: countyToday(ctx.clock.now()) });
  if (parsed.length > MAX_RECORDS) throw new ImportRefused('TOO_MANY_RECORDS', `At most ${MAX_RECORDS} records per batch`);
  for (const item of parsed) {
    if ('error' in item) {
      result.rejected.push(item.error);
      continue;
    }
    if ('skipped' in item) {
      result.skipped.push({ record: item.ref, reason: item.skipped });
      continue;
    }
    const r = await service.registerAssistance(ctx, item.record, origin, ['records', item.ref]);
    if (!r.ok) result.rejected.push({ record: item.ref, code: r.userErrors[0].code, message: r.userErrors[0].message });
    else if (r.value.duplicate) result.duplicates++;
    else result.accepted++;
  }
  return result;
}
