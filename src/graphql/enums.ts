import { registerEnumType } from 'type-graphql';

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
