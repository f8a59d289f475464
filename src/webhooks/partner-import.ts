/**
 * Batches from partner systems — a file uploaded through GraphQL or a signed webhook — run through
 * the partner's adapter (partner-adapters/) and then, record by record, through the same
 * registerAssistance service as the GraphQL mutation. Batches are partial by design: each record is
 * written in its own transaction, valid records land, invalid ones come back with reasons, and a
 * resent record (same partner id, same content) is reported as a duplicate and writes nothing.
 */
import { adapterFor, ConfigurablePartnerAdapter } from '../../partner-adapters';
import type { IntegrationFormat, RecordError } from '../../partner-adapters/partner-adapter';
import { audited, runMutation } from '../db/mutation';
import { message, type Lang } from '../shared/i18n';
import { LedgerOrigin } from '../modules/pairing/pairing.enums';
import { PairingService } from '../modules/pairing/pairing.service';
import { PartnerReader } from '../modules/partners/partner.reader';
import type { ServiceContext } from '../shared/context';
import { countyToday } from '../shared/county-calendar';

/** The webhook accepts up to this much; a GraphQL upload is bounded first by the 1 MB request limit. */
const MAX_BYTES = 2 * 1024 * 1024;
const MAX_RECORDS = 5000;

/** What a batch did (the GraphQL `ImportResult` and the webhook's `data`). */
export interface ImportOutcome {
  accepted: number;
  duplicates: number;
  rejected: RecordError[];
  skipped: { record: string; reason: string }[];
}

/** The whole batch is refused (nothing parsed, nothing written); `code` is stable. */
export class ImportRefused extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

const service = new PairingService();

/**
 * Runs one batch as the calling partner. `lang` is the language of the rejected records' messages
 * (the service answers codes; this edge words them, like the GraphQL payloads).
 */
export async function importPartnerRecords(ctx: ServiceContext, lang: Lang, format: string, raw: string, origin: LedgerOrigin): Promise<ImportOutcome> {
  const p = ctx.principal;
  const adapter = adapterFor(format as IntegrationFormat);
  if (!adapter) throw new ImportRefused('UNKNOWN_FORMAT', `Unknown format "${format}"`);
  if (p.kind !== 'PARTNER') throw new ImportRefused('NOT_A_PARTNER', 'Only partner organisations send partner records');
  // A partner reads its own organisation through the partners module's reader.
  const [self] = await new PartnerReader(ctx.em.getKnex(), p).partnersByIds([p.partnerId]);
  if (!self || !adapter.partnerKinds.includes(self.kind)) throw new ImportRefused('FORMAT_NOT_YOURS', `Format "${format}" is not for your kind of organisation`);
  if (Buffer.byteLength(raw, 'utf8') > MAX_BYTES) throw new ImportRefused('PAYLOAD_TOO_LARGE', `At most ${MAX_BYTES} bytes per batch`);

  const result: ImportOutcome = { accepted: 0, duplicates: 0, rejected: [], skipped: [] };
  // The adapters judge dates against the county day of the request's clock.
  const parsed = (adapter as ConfigurablePartnerAdapter).parse(raw, { today: countyToday(ctx.clock) });
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
    if (!r.ok) {
      const [first] = r.problems;
      result.rejected.push({ record: item.ref, code: first.code, message: message(lang, first.code, first.params ?? {}) });
    } else if (r.value.duplicate) result.duplicates++;
    else result.accepted++;
  }
  // The batch itself is one call: its SUCCESS row (by the mutation runner, as for every write)
  // names the partner and counts the outcome; each record written has its own row
  // (Mutation.registerPairingAssistance, with its origin).
  const done = await runMutation(ctx, 'importPartnerRecords', async () => audited(result, 'PartnerOrganisation', p.partnerId, {
    format, origin, accepted: result.accepted, duplicates: result.duplicates, rejected: result.rejected.length, skipped: result.skipped.length,
  }));
  if (!done.ok) throw new Error('importPartnerRecords: the batch audit reported problems');
  return done.value;
}
