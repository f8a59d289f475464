/** Writes samples/household-ledger.xlsx (src/modules/office/office.ledger-sample.ts): `npm run ledger:sample`. */
import fs from 'node:fs';
import path from 'node:path';
import { sampleLedger } from '../modules/office/office.ledger-sample';
import { writeLedgerWorkbook } from '../modules/office/office.ledger-write';
import { parseCommandLine } from './args';

async function main() {
  const parsed = parseCommandLine(process.argv.slice(2), {}, 'usage: npm run ledger:sample [-- <file.xlsx>]', true);
  if (!parsed.ok) {
    console.error(parsed.message);
    process.exit(2);
  }
  const out = path.resolve(parsed.positionals[0] ?? 'samples/household-ledger.xlsx');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, await writeLedgerWorkbook(sampleLedger(), { title: '明溪县城市困难家庭台账（示例，人员均为虚构）' }));
  console.log(`wrote ${out}`);
}

void main();
