/**
 * The county's household ledger (城市困难家庭台账) as an Excel sheet: one row per member, the
 * household's columns repeated on each of its rows or merged down over them, Chinese headers as
 * the county keeps them. Import (office.ledger-import.ts), export (office.ledger-export.ts) and the
 * sample generator (office.ledger-sample.ts) all read this one table, so what is exported imports.
 *
 * Layout (README "Excel ledger"):
 * - Row 1 may be a title (merged across the columns, any text); the header row is the first row
 *   whose first cell is 序号 (row 1 or 2). Headers must be exactly these, in this order.
 * - 序号 numbers households within the sheet; a household's rows are consecutive and share it.
 * - Household columns (序号 … 民政审批文号) are repeated on each member row, merged down over the
 *   household's rows, or left blank after its first row (blank means "as above"). Member columns
 *   are never merged.
 * - Codes, not names, for places: 乡镇代码 (administrative division code) and 村（居）代码.
 * - Money in yuan with up to two decimals; categories and causes separated by 、 or ，.
 */
import {
  CATEGORY_LABELS, CAUSE_LABELS, DISABILITY_LABELS, EMPLOYMENT_LABELS, HardshipCategory, HardshipCause, ILLNESS_LABELS, RELATION_LABELS,
  SCHOOLING_LABELS, WORK_CAPACITY_LABELS,
} from '../registry/registry.enums';

export type LedgerKind = 'text' | 'integer' | 'yuan' | 'decimal' | 'label' | 'labels';

export interface LedgerColumn {
  key: string;
  header: string;
  household: boolean;
  kind: LedgerKind;
  /** For label columns: value → Chinese label. */
  labels?: Record<string, string>;
  /** Width in characters for the export. */
  width: number;
  optional?: boolean;
}

export const LEDGER_COLUMNS: LedgerColumn[] = [
  { key: 'serial', header: '序号', household: true, kind: 'integer', width: 6 },
  { key: 'townshipCode', header: '乡镇代码', household: true, kind: 'text', width: 12 },
  { key: 'communityCode', header: '村（居）代码', household: true, kind: 'text', width: 16 },
  { key: 'address', header: '家庭住址', household: true, kind: 'text', width: 24 },
  { key: 'contactPhone', header: '联系电话', household: true, kind: 'text', width: 14 },
  { key: 'housingArea', header: '住房面积（平方米）', household: true, kind: 'decimal', width: 10 },
  { key: 'deposits', header: '存款（元）', household: true, kind: 'yuan', width: 10, optional: true },
  { key: 'securities', header: '有价证券（元）', household: true, kind: 'yuan', width: 10, optional: true },
  { key: 'vehicles', header: '机动车辆（辆）', household: true, kind: 'integer', width: 8, optional: true },
  { key: 'otherProperties', header: '其他房产（处）', household: true, kind: 'integer', width: 8, optional: true },
  { key: 'categories', header: '困难类别', household: true, kind: 'labels', labels: CATEGORY_LABELS, width: 14, optional: true },
  { key: 'causes', header: '致困原因', household: true, kind: 'labels', labels: CAUSE_LABELS, width: 10, optional: true },
  { key: 'sourceDocument', header: '民政审批文号', household: true, kind: 'text', width: 18, optional: true },
  { key: 'name', header: '姓名', household: false, kind: 'text', width: 10 },
  { key: 'idNumber', header: '身份证号码', household: false, kind: 'text', width: 21 },
  { key: 'relationToHead', header: '与户主关系', household: false, kind: 'label', labels: RELATION_LABELS, width: 10 },
  { key: 'workCapacity', header: '劳动能力', household: false, kind: 'label', labels: WORK_CAPACITY_LABELS, width: 14 },
  { key: 'employmentStatus', header: '就业状况', household: false, kind: 'label', labels: EMPLOYMENT_LABELS, width: 10 },
  { key: 'disabilityCategory', header: '残疾类别', household: false, kind: 'label', labels: DISABILITY_LABELS, width: 10, optional: true },
  { key: 'disabilityGrade', header: '残疾等级', household: false, kind: 'integer', width: 8, optional: true },
  { key: 'illness', header: '疾病状况', household: false, kind: 'label', labels: ILLNESS_LABELS, width: 10, optional: true },
  { key: 'schoolingStage', header: '在读学段', household: false, kind: 'label', labels: SCHOOLING_LABELS, width: 10, optional: true },
  { key: 'incomeWages', header: '月工资性收入（元）', household: false, kind: 'yuan', width: 10, optional: true },
  { key: 'incomeBusiness', header: '月经营性收入（元）', household: false, kind: 'yuan', width: 10, optional: true },
  { key: 'incomeProperty', header: '月财产性收入（元）', household: false, kind: 'yuan', width: 10, optional: true },
  { key: 'incomeTransfers', header: '月转移性收入（元）', household: false, kind: 'yuan', width: 10, optional: true },
  { key: 'incomeOther', header: '月其他收入（元）', household: false, kind: 'yuan', width: 10, optional: true },
];

export const LEDGER_TITLE = '城市困难家庭台账';

/** Column letter of a 1-based column number (A, B, …, AA). */
export function columnLetter(n: number): string {
  let s = '';
  for (let v = n; v > 0; v = Math.floor((v - 1) / 26)) s = String.fromCharCode(65 + ((v - 1) % 26)) + s;
  return s;
}

export const columnOf = (key: string): number => LEDGER_COLUMNS.findIndex((c) => c.key === key) + 1;

/** R7: the categories civil affairs recognises directly (R3 extreme poverty, R4 allowance, R5 orphan). */
export const DIRECT_CATEGORIES: string[] = [HardshipCategory.EXTREME_POVERTY, HardshipCategory.MINIMUM_LIVING_ALLOWANCE, HardshipCategory.ORPHAN];

export const causeValues = Object.values(HardshipCause) as string[];

/** Headers compare without spaces and with ASCII parentheses taken as full-width (Excel users type both). */
export function normaliseHeader(s: string): string {
  return s.replace(/\s+/g, '').replace(/\(/g, '（').replace(/\)/g, '）');
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
