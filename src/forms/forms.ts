/**
 * Printable forms (issue 14 item 5): the paper a township prints, fills in by hand where it must,
 * signs and seals. Rendered by Eta (a template engine with auto-escaping: `<%= %>` escapes, the
 * templates never use the raw `<%~ %>` for data), inside one A4 layout with the conventions of a
 * Chinese official form: the document number top right, 2em paragraph indents, signature lines
 * and an empty seal space. Fonts are the machine's (Noto CJK from Debian's fonts-noto-cjk, SimSun
 * on a Windows client): nothing is fetched, so the forms print behind a county firewall.
 *
 * A module adds a form with `defineForm(name, template)` in its `<module>.forms.ts` and serves it
 * with `renderForm(name, data)` from its routes (see identification.forms.ts).
 */
import { Eta } from 'eta';

const eta = new Eta({ autoEscape: true, autoTrim: [false, 'nl'], cache: true, useWith: false, varName: 'it' });

/** County days as Chinese dates: 2026-03-05 → 2026年3月5日 (blank line for a date to fill in). */
export function chineseDate(day: string | null | undefined): string {
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return '　　年　　月　　日';
  return `${Number(day.slice(0, 4))}年${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;
}

/** Fen as yuan with two decimals. */
export function yuan(fen: number | null | undefined): string {
  const v = Math.round(Number(fen ?? 0));
  const sign = v < 0 ? '-' : '';
  const abs = Math.abs(v);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * The document number printed top right: `<township code><kind>〔<year>〕<serial>号`, e.g.
 * 350421100民困申〔2026〕000042号. Built from the record's own key, so a reprint carries the same
 * number and two records never share one.
 */
export function documentNumber(townshipCode: string, kind: string, day: string, serial: string | number): string {
  return `${townshipCode}${kind}〔${day.slice(0, 4)}〕${String(serial).padStart(6, '0')}号`;
}

const HELPERS = { chineseDate, yuan };

const LAYOUT = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="robots" content="noindex">
<title><%= it.title %></title>
<style>
  @page { size: A4; margin: 15mm 16mm 14mm 16mm; }
  * { box-sizing: border-box; }
  html, body { margin: 0; padding: 0; }
  body { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", "Noto Serif CJK", serif; font-size: 12pt; line-height: 1.55; color: #000; }
  .sheet { width: 100%; }
  .sheet + .sheet { break-before: page; }
  .doc-number { text-align: right; font-size: 10.5pt; margin: 0 0 4mm; }
  h1 { font-family: "SimHei", "Heiti SC", "Noto Sans CJK SC", "Noto Sans CJK", sans-serif; font-size: 20pt; font-weight: bold; text-align: center; letter-spacing: 0.1em; margin: 0 0 6mm; }
  h2 { font-family: "SimHei", "Heiti SC", "Noto Sans CJK SC", sans-serif; font-size: 13pt; margin: 3mm 0 1.5mm; }
  p { margin: 0 0 2mm; text-indent: 2em; }
  p.flush { text-indent: 0; }
  table { width: 100%; border-collapse: collapse; margin: 2mm 0 3mm; page-break-inside: auto; table-layout: fixed; }
  /* Fixed columns that wrap anywhere: an 18-digit id number or a long name never pushes the table past the page. */
  th, td { overflow-wrap: anywhere; word-break: break-all; }
  table.members th, table.members td { font-size: 9pt; padding: 1mm 1.2mm; white-space: normal; }
  tr { break-inside: avoid; }
  th, td { border: 0.75pt solid #000; padding: 1.2mm 2mm; text-align: left; vertical-align: top; font-size: 10.5pt; line-height: 1.45; }
  th { font-weight: normal; background: #f0f0f0; }
  td.num { text-align: right; white-space: nowrap; }
  td.fill { height: 16mm; }
  .signatures { display: flex; justify-content: space-between; align-items: flex-end; margin-top: 5mm; gap: 10mm; }
  .signature { flex: 1; }
  .signature { line-height: 2.2; }
  .line { display: inline-block; min-width: 38mm; border-bottom: 0.75pt solid #000; height: 5mm; vertical-align: bottom; }
  /* The seal is stamped over the issuing body's name and date, as on every official paper: an
     empty 40 mm circle drawn behind them marks its room without taking a line of its own. */
  .issuer-block { position: relative; min-width: 48mm; height: 34mm; display: flex; flex-direction: column; justify-content: flex-end; text-align: right; }
  .seal { position: absolute; right: 2mm; bottom: -2mm; width: 40mm; height: 40mm; border: 0.75pt dashed #999; border-radius: 50%; display: flex; align-items: flex-start; justify-content: center; padding-top: 5mm; color: #999; font-size: 9pt; text-indent: 0; }
  .issuer { position: relative; }
  .note { font-size: 9.5pt; color: #333; text-indent: 0; }
  /* A form dense with tables (the investigation record) keeps a household of six on one sheet. */
  .compact h1 { font-size: 18pt; margin-bottom: 4mm; }
  .compact h2 { font-size: 12pt; margin: 2mm 0 1mm; }
  .compact th, .compact td { font-size: 9.5pt; padding: 0.8mm 1.5mm; line-height: 1.35; }
  .compact table.members th, .compact table.members td { font-size: 8.5pt; padding: 0.6mm 1mm; }
  .compact td.fill { height: 12mm; }
  .compact .signatures { margin-top: 3mm; }
  @media screen { body { background: #ddd; } .sheet { background: #fff; width: 210mm; min-height: 297mm; margin: 8mm auto; padding: 20mm 18mm; box-shadow: 0 0 3mm #999; } }
</style>
</head>
<body>
<%~ it.body %>
</body>
</html>
`;

eta.loadTemplate('@layout', LAYOUT);

const defined = new Set<string>();

/**
 * Registers a form's template under a unique name. The template starts with
 * `<% layout('@layout', { title: it.title }) %>` and sees its data as `it` and the helpers as
 * `it.h` (chineseDate, yuan).
 */
export function defineForm(name: string, template: string): void {
  if (defined.has(name)) throw new Error(`form ${name} is defined twice`);
  defined.add(name);
  eta.loadTemplate(`@${name}`, template);
}

/** Renders a defined form to a whole HTML document. */
export function renderForm(name: string, data: Record<string, unknown>): string {
  if (!defined.has(name)) throw new Error(`no form named ${name}`);
  return eta.render(`@${name}`, { ...data, h: HELPERS });
}

/** The headers every printed form is sent with: personal data, never cached or framed. */
export const FORM_HEADERS: Record<string, string> = {
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
};
