import { registerEnumType } from 'type-graphql';
import { MEASURE_CODES, MeasureCode, MEASURES } from '../shared/measures';

/**
 * Registers an enum with a description for the type and for every value (English and Chinese):
 * the compiler checks that no value is left undescribed.
 */
export function registerDescribedEnum<E extends Record<string, string>>(e: E, name: string, description: string, values: { [K in keyof E]: string }): void {
  registerEnumType(e, {
    name,
    description,
    valuesConfig: Object.fromEntries(Object.entries(values).map(([k, d]) => [k, { description: d }])) as never,
  });
}

/**
 * The seven measures as a GraphQL enum, registered once here because two modules' types use it:
 * plans (measures) and allocations (funds, which needs nothing of the measures module).
 */
export const MeasureCodeEnum = Object.fromEntries(MEASURE_CODES.map((k) => [k, k])) as Record<MeasureCode, MeasureCode>;
registerEnumType(MeasureCodeEnum, {
  name: 'MeasureCode',
  description: 'The seven measures (R12–R18). 七项帮扶措施。',
  valuesConfig: Object.fromEntries(Object.entries(MEASURES).map(([k, m]) => [k, { description: `${m.en} (${m.rule}). ${m.zh}。` }])),
});
