/**
 * The shipped sample ledger (samples/household-ledger.xlsx): invented people of the demo county
 * with valid check digits (region 350421 is the county's code; the sequence numbers mark them
 * invented), in the layout county staff keep — household columns merged over the members' rows.
 * Regenerate with `npm run ledger:sample`. Its first three households carry R7 categories and an
 * approval document, so civil affairs can try direct recognition; the others are filed only.
 */
import { syntheticIdNumber } from '../registry/registry.service';
import { Sex } from '../registry/registry.enums';
import type { LedgerOutHousehold, LedgerOutMember } from './office.ledger-write';

const SURNAMES = ['陈', '林', '黄', '张', '李', '王', '吴', '刘', '蔡', '杨', '郑', '罗'];
const GIVEN = ['晓梅', '建国', '秀英', '志强', '丽华', '文彬', '春花', '国栋', '玉兰', '海峰', '淑芬', '明辉'];

function person(i: number, relation: string, birth: string, sex: Sex, extra: Partial<LedgerOutMember> = {}): LedgerOutMember {
  return {
    name: `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 7) % GIVEN.length]}`,
    // Sequence numbers from 900 up: never a real person's.
    idNumber: syntheticIdNumber('350421', birth, 900 + (i % 90), sex),
    relationToHead: relation, workCapacity: 'FULL', employmentStatus: 'UNEMPLOYED', disabilityCategory: null, disabilityGrade: null,
    illness: 'NONE', schoolingStage: 'NONE', incomeWages: 0, incomeBusiness: 0, incomeProperty: 0, incomeTransfers: 0, incomeOther: 0,
    ...extra,
  };
}

export function sampleLedger(): LedgerOutHousehold[] {
  const towns = ['350421100', '350421200', '350421101'];
  return Array.from({ length: 12 }, (_, i) => {
    const township = towns[i % towns.length]!;
    const head = person(i * 3, 'HEAD', `19${60 + i}-0${(i % 9) + 1}-1${i % 10}`, i % 2 ? Sex.FEMALE : Sex.MALE, {
      incomeWages: 60000 + i * 5000, illness: i % 4 === 0 ? 'CHRONIC' : 'NONE',
      ...(i === 1 ? { disabilityCategory: 'PHYSICAL', disabilityGrade: 2, workCapacity: 'NONE', employmentStatus: 'NOT_IN_LABOUR_FORCE', incomeWages: 0, incomeTransfers: 45000 } : {}),
    });
    const members = [head];
    if (i % 3 !== 2) members.push(person(i * 3 + 1, 'SPOUSE', `19${62 + i}-1${i % 3}-0${(i % 8) + 1}`, i % 2 ? Sex.MALE : Sex.FEMALE, { incomeWages: 30000 }));
    if (i % 2 === 0) members.push(person(i * 3 + 2, 'CHILD', `20${10 + (i % 8)}-0${(i % 9) + 1}-2${i % 8}`, Sex.FEMALE, { workCapacity: 'NONE', employmentStatus: 'IN_SCHOOL', schoolingStage: 'PRIMARY' }));
    const direct = i < 3;
    return {
      townshipCode: township, communityCode: `${township}00${(i % 2) + 1}`, address: `示例路${i + 1}号`, contactPhone: `1380000${String(1000 + i)}`,
      housingArea: 40 + i * 3, deposits: i * 100000, securities: 0, vehicles: 0, otherProperties: 0,
      categories: direct ? [['MINIMUM_LIVING_ALLOWANCE'], ['EXTREME_POVERTY'], ['MINIMUM_LIVING_ALLOWANCE']][i]! : [],
      causes: i % 4 === 0 ? ['ILLNESS'] : i === 1 ? ['DISABILITY'] : [],
      sourceDocument: direct ? `明民低〔2026〕${String(i + 1).padStart(3, '0')}号` : null,
      members,
    };
  });
}
