/** Limits on registry input, checked by RegistryService and the reader (shared with the bulk paths). */
export const LIMITS = {
  name: 50,
  address: 200,
  phone: 20,
  note: 200,
  reason: 200,
  nameSearch: 50,
  /** An absurd income: over 100,000 yuan a month is a typing error in this programme. */
  monthlyIncomeMaxFen: 10_000_000,
  /** Assets above 20 million yuan are a typing error; also keeps every amount in 32 bits. */
  assetMaxFen: 2_000_000_000,
  housingAreaMax: 10_000,
  countMax: 100,
  membersMax: 30,
};
