/**
 * Deliveries from a department's own Excel sheet (issue 14 item 4): one row per delivery, the
 * family by its assistance-card number (the number on the card the family shows), the item by its
 * Chinese name as the catalogue prints it, a member's id number for per-person items. The same
 * rules as the household ledger: a dry run checks everything — in a transaction rolled back at the
 * end, funds included — and reports every problem by sheet, row, column and code; a commit writes
 * every row or none; the same sheet twice records nothing twice (a row equal to a recorded delivery
 * of its item — day, text, amount — is "unchanged").
 *
 * Layout (header row 1, or 2 under a title):
 *   序号 | 帮扶卡号 | 户主姓名 | 帮扶事项 | 成员身份证号码 | 落实日期 | 落实内容 | 金额（元） | 资金安排ID
 * 成员身份证号码 only for per-person items; 金额 and 资金安排ID only for money items (资金安排ID is
 * FundAllocation.id from fundAllocations; blank: the one allocation of the item's measure and the
 * delivery's year, when there is exactly one).
 */
import ExcelJS from 'exceljs';
import { sqlOf } from '../../access/audit';
import type { ServiceContext } from '../../shared/context';
import { calendarDay } from '../../shared/county-calendar';
import { UserErrorCode } from '../../shared/errors';
import type { Row } from '../../shared/row';
import { MEASURE_ITEMS, MeasuresService } from '../measures/measures.service';
import { columnLetter, normaliseHeader } from './office.ledger-layout';
import { cellText, CONTROL, LEDGER_LIMITS, LedgerCode, type LedgerProblem, openWorkbook } from './office.ledger-read';

export const DELIVERY_COLUMNS = [
  { key: 'serial', header: '序号' },
  { key: 'cardNumber', header: '帮扶卡号' },
  { key: 'headName', header: '户主姓名' },
  { key: 'item', header: '帮扶事项' },
  { key: 'idNumber', header: '成员身份证号码' },
  { key: 'deliveredOn', header: '落实日期' },
  { key: 'note', header: '落实内容' },
  { key: 'amount', header: '金额（元）' },
  { key: 'allocation', header: '资金安排ID' },
] as const;
type Key = (typeof DELIVERY_COLUMNS)[number]['key'];

export interface DeliveryImportReport {
  mode: 'DRY_RUN' | 'COMMIT';
  written: boolean;
  rows: number;
  deliveries: { total: number; new: number; unchanged: number };
  problems: LedgerProblem[];
}

const FIELD_COLUMN: Record<string, Key> = { planItem: 'cardNumber', note: 'note', deliveredOn: 'deliveredOn', amount: 'amount', allocation: 'allocation' };
const ITEM_BY_LABEL = new Map(Object.entries(MEASURE_ITEMS).map(([code, def]) => [def.zh, { code, ...def }]));
const deliveryKey = (item: string, day: string, note: string, amount: number | null) => JSON.stringify([item, day, note, amount]);
const isDay = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;

export class DeliverySheetService {
  constructor(private readonly measures = new MeasuresService()) {}

  async importDeliveries(ctx: ServiceContext, file: Buffer, opts: { commit: boolean }): Promise<DeliveryImportReport> {
    const mode = opts.commit ? 'COMMIT' : 'DRY_RUN';
    const problems: LedgerProblem[] = [];
    const report = (rows: number, counts = { total: 0, new: 0, unchanged: 0 }, written = false): DeliveryImportReport => ({ mode, written, rows, deliveries: counts, problems });
    const fileProblem = (code: string, params?: Record<string, string | number>) => {
      problems.push({ sheet: null, row: null, column: null, header: null, code, params });
      return report(0);
    };
    const wb = await openWorkbook(file);
    if (!(wb instanceof ExcelJS.Workbook)) return fileProblem(wb.code, wb.params);
    const ws = wb.worksheets.find((w) => w.actualRowCount > 0);
    if (!ws) return fileProblem(LedgerCode.EMPTY);
    const sheet = ws.name;
    const at = (row: number | null, key: Key | null, code: string, params?: Record<string, string | number>) => {
      const n = key ? DELIVERY_COLUMNS.findIndex((c) => c.key === key) + 1 : 0;
      problems.push({ sheet, row, column: key ? columnLetter(n) : null, header: key ? DELIVERY_COLUMNS[n - 1]!.header : null, code, params });
    };
    const headerRow = cellText(ws.getRow(1).getCell(1).value) === '序号' ? 1 : cellText(ws.getRow(2).getCell(1).value) === '序号' ? 2 : 1;
    DELIVERY_COLUMNS.forEach((c, i) => {
      const found = String(cellText(ws.getRow(headerRow).getCell(i + 1).value) ?? '');
      if (normaliseHeader(found) !== normaliseHeader(c.header)) at(headerRow, c.key, LedgerCode.HEADER_MISMATCH, { expected: c.header, found });
    });
    if (problems.length) return report(0);
    if (ws.rowCount - headerRow > LEDGER_LIMITS.maxRows) return fileProblem(LedgerCode.TOO_MANY_ROWS, { max: LEDGER_LIMITS.maxRows });
    const merges: string[] = (ws.model as unknown as { merges?: string[] }).merges ?? [];
    for (const range of merges) {
      const row = Number(/\d+/.exec(range)![0]);
      if (row > headerRow) at(row, null, LedgerCode.MERGED_CELL_OUT_OF_PLACE, { range });
    }

    // Rows → values.
    const rows: Array<{ row: number; v: Record<Key, string | null> }> = [];
    for (let r = headerRow + 1; r <= ws.rowCount; r++) {
      const v = {} as Record<Key, string | null>;
      DELIVERY_COLUMNS.forEach((c, i) => {
        const t = cellText(ws.getRow(r).getCell(i + 1).value);
        v[c.key] = t == null ? null : String(t).trim();
      });
      if (Object.values(v).every((x) => x == null)) continue;
      for (const c of DELIVERY_COLUMNS) {
        const x = v[c.key];
        if (x && CONTROL.test(x)) at(r, c.key, LedgerCode.CONTROL_CHARACTER);
        else if (x && [...x].length > LEDGER_LIMITS.maxText) at(r, c.key, LedgerCode.STRING_TOO_LONG, { max: LEDGER_LIMITS.maxText });
      }
      rows.push({ row: r, v });
    }
    if (rows.length === 0 && problems.length === 0) return fileProblem(LedgerCode.EMPTY);

    // The caller's own agreed items, by card, item and member: one statement.
    const department = ctx.principal.kind === 'DEPARTMENT' ? ctx.principal.department : null;
    const knex = sqlOf(ctx.em);
    const cards = [...new Set(rows.map((r) => r.v.cardNumber).filter((x): x is string => !!x))];
    const found = department && cards.length
      ? await knex('plan_item as pi').join('household as h', 'h.id', 'pi.household_id').leftJoin('person as p', 'p.id', 'pi.person_id')
        .where('pi.department', department).whereIn('h.assistance_card_number', cards).whereNotIn('pi.status', ['DECLINED', 'WITHDRAWN'])
        .select('pi.id', 'pi.item', 'pi.measure', 'h.assistance_card_number', 'h.head_name', 'p.id_number')
      : [];
    const itemOf = (card: string, code: string, idNumber: string | null) =>
      found.find((f: Row) => f.assistance_card_number === card && f.item === code && (idNumber ? f.id_number === idNumber : f.id_number == null)) as Row | undefined;
    const allocations = department && found.length
      ? await knex('fund_allocation').whereIn('measure', [...new Set(found.map((f: Row) => String(f.measure)))]).select('id', 'measure', 'year')
      : [];
    // What is already recorded for these items (one statement), for the "unchanged" rows.
    const recorded = new Set<string>(found.length
      ? (await knex('delivery').whereIn('plan_item_id', found.map((f: Row) => f.id)).select('plan_item_id', 'delivered_on', 'note', 'amount'))
        .map((d: Row) => deliveryKey(String(d.plan_item_id), calendarDay(d.delivered_on), d.note, d.amount == null ? null : Number(d.amount)))
      : []);

    const batch: Array<{ row: number; planItemId: string | null; input: { deliveredOn: string; note: string; amount?: number | null; allocationId?: string | null } }> = [];
    let unchanged = 0;
    for (const { row, v } of rows) {
      const before = problems.length;
      if (!v.cardNumber) at(row, 'cardNumber', UserErrorCode.REQUIRED);
      const def = v.item ? ITEM_BY_LABEL.get(v.item) : undefined;
      if (!v.item) at(row, 'item', UserErrorCode.REQUIRED);
      else if (!def) at(row, 'item', LedgerCode.UNKNOWN_LABEL, { found: v.item, allowed: '帮扶事项目录（measureCatalogue）中的名称' });
      if (!v.deliveredOn) at(row, 'deliveredOn', UserErrorCode.REQUIRED);
      else if (!isDay(v.deliveredOn)) at(row, 'deliveredOn', UserErrorCode.INVALID_FORMAT);
      let amount: number | null = null;
      if (v.amount != null) {
        if (!/^\d+(\.\d{1,2})?$/.test(v.amount)) at(row, 'amount', LedgerCode.NOT_A_NUMBER);
        else amount = Math.round(Number(v.amount) * 100);
      }
      if (def && def.perPerson && !v.idNumber) at(row, 'idNumber', UserErrorCode.REQUIRED);
      if (problems.length > before || !def) continue;
      const match = itemOf(v.cardNumber!, def.code, def.perPerson ? v.idNumber : null);
      if (!match) {
        at(row, 'cardNumber', UserErrorCode.NOT_FOUND);
        continue;
      }
      if (v.headName && v.headName !== match.head_name) {
        at(row, 'headName', 'DELIVERY_HEAD_NAME_MISMATCH');
        continue;
      }
      let allocationId: string | null | undefined;
      if (def.money) {
        if (v.allocation) {
          const m = /^[A-Za-z0-9_-]+$/.test(v.allocation) ? Buffer.from(v.allocation, 'base64url').toString('utf8').match(/^FundAllocation:(\d{1,18})$/) : null;
          allocationId = m ? m[1]! : null;
        } else {
          const year = Number(v.deliveredOn!.slice(0, 4));
          const candidates = allocations.filter((a: Row) => a.measure === match.measure && Number(a.year) === year);
          if (candidates.length !== 1) {
            at(row, 'allocation', UserErrorCode.REQUIRED);
            continue;
          }
          allocationId = String(candidates[0]!.id);
        }
      } else if (v.allocation) allocationId = v.allocation;
      // Idempotent: the same delivery already recorded for this item.
      if (recorded.has(deliveryKey(String(match.id), v.deliveredOn!, v.note ?? '', amount))) {
        unchanged++;
        continue;
      }
      batch.push({ row, planItemId: String(match.id), input: { deliveredOn: v.deliveredOn!, note: v.note ?? '', amount, ...(allocationId !== undefined ? { allocationId } : {}) } });
    }
    const counts = { total: rows.length, new: batch.length, unchanged };
    if (problems.length) return report(rows.length, counts);
    if (batch.length === 0) return report(rows.length, counts);
    const result = await this.measures.recordDeliveries(ctx, batch.map((b) => ({ planItemId: b.planItemId, input: b.input })), opts);
    if (!result.ok) {
      for (const p of result.problems) {
        const i = p.path?.[1] === 'deliveries' ? Number(p.path[2]) : NaN;
        const field = p.path?.[3] ?? 'planItem';
        at(Number.isFinite(i) ? batch[i]!.row : null, Number.isFinite(i) ? FIELD_COLUMN[field] ?? 'cardNumber' : null, p.code, p.params);
      }
      return report(rows.length, counts);
    }
    return report(rows.length, counts, opts.commit);
  }
}
