/**
 * The partner adapters are pure parsers (partner-adapters/README.md): they touch nothing in src/ —
 * no database, no platform module. They used to import `PartnerKind` from src/modules/partners
 * (issue 9); the codes they need are declared once in their own contract file
 * (partner-adapter.ts), and the platform's enums are checked against those at compile time.
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../partner-adapters');
/** The npm packages an adapter (or the receiver example) may use: a CSV parser and the Standard Webhooks verifier. */
const NPM_ALLOWED = ['csv-parse/sync', 'standardwebhooks'];

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

it('no adapter file imports anything outside partner-adapters/ but node built-ins and the allowed npm packages', () => {
  const outside: string[] = [];
  for (const file of sources(ROOT)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:from|import|require\()\s*['"]([^'"]+)['"]/g)) {
      const spec = m[1];
      if (spec.startsWith('node:')) continue;
      // Well-kept parsing and signing libraries from npm (issue 14 item 9): still nothing of src/.
      if (NPM_ALLOWED.includes(spec)) continue;
      const resolved = spec.startsWith('.') ? path.resolve(path.dirname(file), spec) : null;
      if (!resolved || !resolved.startsWith(ROOT + path.sep)) outside.push(`${path.relative(ROOT, file)}: ${spec}`);
    }
  }
  expect(outside).toEqual([]);
});
