/**
 * Reference data of the demo county (DOMAIN.md "The county"): the nine townships of Mingxi with
 * invented community names, the departments of R21 and one partner of each kind R18/R21 names.
 * Codes follow the shape of administrative division codes; people are never part of this file.
 */
import { CommunityKind } from './registry.enums';
import { PartnerKind } from '../partners/partner.enums';

export const COUNTY_REGION_CODE = '350421';

export const TOWNSHIPS: Array<{ code: string; name: string; communities: Array<{ name: string; kind: CommunityKind }> }> = [
  { code: '350421100', name: '雪峰镇', communities: [
    { name: '城东社区', kind: CommunityKind.RESIDENTIAL }, { name: '城西社区', kind: CommunityKind.RESIDENTIAL },
    { name: '南山社区', kind: CommunityKind.RESIDENTIAL }, { name: '翠竹村', kind: CommunityKind.VILLAGE }] },
  { code: '350421200', name: '城关乡', communities: [
    { name: '城关社区', kind: CommunityKind.RESIDENTIAL }, { name: '东坑村', kind: CommunityKind.VILLAGE },
    { name: '上坊村', kind: CommunityKind.VILLAGE }] },
  { code: '350421101', name: '瀚仙镇', communities: [
    { name: '瀚仙社区', kind: CommunityKind.RESIDENTIAL }, { name: '龙湖村', kind: CommunityKind.VILLAGE },
    { name: '石珩村', kind: CommunityKind.VILLAGE }] },
  { code: '350421102', name: '胡坊镇', communities: [
    { name: '胡坊社区', kind: CommunityKind.RESIDENTIAL }, { name: '柳溪村', kind: CommunityKind.VILLAGE },
    { name: '肖家村', kind: CommunityKind.VILLAGE }] },
  { code: '350421201', name: '沙溪乡', communities: [
    { name: '沙溪社区', kind: CommunityKind.RESIDENTIAL }, { name: '梓口村', kind: CommunityKind.VILLAGE },
    { name: '梅林村', kind: CommunityKind.VILLAGE }] },
  { code: '350421202', name: '夏阳乡', communities: [
    { name: '夏阳社区', kind: CommunityKind.RESIDENTIAL }, { name: '坪埠村', kind: CommunityKind.VILLAGE },
    { name: '杨地村', kind: CommunityKind.VILLAGE }] },
  { code: '350421103', name: '盖洋镇', communities: [
    { name: '盖洋社区', kind: CommunityKind.RESIDENTIAL }, { name: '鹧鸪村', kind: CommunityKind.VILLAGE },
    { name: '三明村', kind: CommunityKind.VILLAGE }] },
  { code: '350421203', name: '夏坊乡', communities: [
    { name: '夏坊社区', kind: CommunityKind.RESIDENTIAL }, { name: '过坑村', kind: CommunityKind.VILLAGE },
    { name: '青珩村', kind: CommunityKind.VILLAGE }] },
  { code: '350421204', name: '枫溪乡', communities: [
    { name: '枫溪社区', kind: CommunityKind.RESIDENTIAL }, { name: '官坊村', kind: CommunityKind.VILLAGE },
    { name: '邓家村', kind: CommunityKind.VILLAGE }] },
];

/** Community codes: township code + 3-digit index (community order above), e.g. 350421100001. */
export function communityCode(townshipCode: string, index: number): string {
  return `${townshipCode}${String(index + 1).padStart(3, '0')}`;
}

export const DEPARTMENTS: Array<{ code: string; name: string; nameEn: string }> = [
  { code: 'CIVIL_AFFAIRS', name: '县民政局', nameEn: 'County Civil Affairs Bureau' },
  { code: 'EDUCATION', name: '县教育局', nameEn: 'County Education Bureau' },
  { code: 'HUMAN_RESOURCES_SOCIAL_SECURITY', name: '县人社局', nameEn: 'County Human Resources and Social Security Bureau' },
  { code: 'HOUSING', name: '县住建局', nameEn: 'County Housing and Urban-Rural Development Bureau' },
  { code: 'MEDICAL_INSURANCE', name: '县医保局', nameEn: 'County Medical Insurance Bureau' },
  { code: 'HEALTH', name: '县卫健局', nameEn: 'County Health Commission' },
  { code: 'DISABLED_PERSONS_FEDERATION', name: '县残联', nameEn: "County Disabled Persons' Federation" },
  { code: 'FINANCE', name: '县财政局', nameEn: 'County Finance Bureau' },
  { code: 'CIVILIZATION_OFFICE', name: '县文明办', nameEn: 'County Civilization Office' },
  { code: 'LEADING_GROUP', name: '县城市困难家庭精准帮扶工作领导小组', nameEn: 'County Leading Group for Precision Assistance' },
];

export const PARTNERS: Array<{ code: string; name: string; kind: PartnerKind }> = [
  { code: 'county-trade-union', name: '县总工会', kind: PartnerKind.TRADE_UNION },
  { code: 'county-youth-league', name: '团县委', kind: PartnerKind.YOUTH_LEAGUE },
  { code: 'county-womens-federation', name: '县妇联', kind: PartnerKind.WOMENS_FEDERATION },
  { code: 'county-power-supply', name: '县供电公司', kind: PartnerKind.POWER_COMPANY },
  { code: 'county-water', name: '县水务公司', kind: PartnerKind.WATER_COMPANY },
  { code: 'county-cable', name: '县广电网络公司', kind: PartnerKind.CABLE_COMPANY },
  { code: 'county-charity', name: '县慈善总会', kind: PartnerKind.CHARITY },
];
