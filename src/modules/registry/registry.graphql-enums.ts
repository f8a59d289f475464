import { registerDescribedEnum as register } from '../../graphql/enums';
import {
  CommunityKind, DisabilityCategory, EmploymentStatus, HardshipCategory, HardshipCause, HouseholdStatus,
  IllnessKind, LegalSupporter, ParentalStatus, RelationToHead, SchoolingStage, Sex, WorkCapacity,
} from './registry.enums';

register(HouseholdStatus, 'HouseholdStatus', 'Where a household stands in the registry (R19). 家庭在档状态。', {
  REGISTERED: 'Filed, not confirmed as in hardship. 已建档，未认定。',
  IN_HARDSHIP: 'Confirmed urban household in hardship. 已认定为城市困难家庭。',
  EXITED: 'Left the list, no longer in hardship. 已脱困退出。',
});
register(HardshipCategory, 'HardshipCategory', 'Category of hardship, R3–R6. 困难类别。', {
  EXTREME_POVERTY: 'Extreme-poverty person in the household (R3). 城市特困人员。',
  MINIMUM_LIVING_ALLOWANCE: 'Minimum-living-allowance household (R4). 城市低保对象。',
  ORPHAN: 'Orphan (R5). 城市孤儿。',
  EXPENDITURE_LOW_INCOME: 'Expenditure-type low-income household (R6). 城市支出型贫困低收入家庭。',
});
register(HardshipCause, 'HardshipCause', 'Cause of hardship (R11). 致困原因。', {
  ILLNESS: 'Illness or injury. 因病。',
  DISABILITY: 'Disability. 因残。',
  SCHOOLING: 'Schooling costs. 因学。',
  DISASTER: 'Disaster. 因灾。',
});
register(CommunityKind, 'CommunityKind', 'Village or residents\' community. 村或社区。', {
  VILLAGE: 'Village (村). 行政村。',
  RESIDENTIAL: 'Residents\' community (居/社区). 社区。',
});
register(Sex, 'Sex', 'Sex, as recorded in the id number. 性别（由身份证号码得出）。', {
  MALE: 'Male. 男。',
  FEMALE: 'Female. 女。',
});
register(RelationToHead, 'RelationToHead', 'Relation to the head of household. 与户主关系。', {
  HEAD: 'The head of household. 户主。',
  SPOUSE: 'Spouse. 配偶。',
  CHILD: 'Child. 子女。',
  PARENT: 'Parent. 父母。',
  GRANDPARENT: 'Grandparent. 祖父母、外祖父母。',
  GRANDCHILD: 'Grandchild. 孙子女、外孙子女。',
  SIBLING: 'Brother or sister. 兄弟姐妹。',
  OTHER: 'Other relation. 其他。',
});
register(WorkCapacity, 'WorkCapacity', 'Capacity to work. 劳动能力。', {
  FULL: 'Full capacity to work. 有劳动能力。',
  PARTIAL: 'Partial capacity to work. 部分丧失劳动能力。',
  NONE: 'No capacity to work. 无劳动能力。',
});
register(EmploymentStatus, 'EmploymentStatus', 'Employment status. 就业状况。', {
  EMPLOYED: 'Employed. 受雇就业。',
  SELF_EMPLOYED: 'Self-employed. 自主创业/个体经营。',
  FLEXIBLY_EMPLOYED: 'Flexible employment. 灵活就业。',
  UNEMPLOYED: 'Unemployed. 失业。',
  IN_SCHOOL: 'In school. 在校学生。',
  RETIRED: 'Retired. 退休。',
  NOT_IN_LABOUR_FORCE: 'Not in the labour force (child, elderly, unable). 非劳动力。',
});
register(DisabilityCategory, 'DisabilityCategory', 'Category of disability certificate. 残疾类别。', {
  VISUAL: 'Visual. 视力残疾。',
  HEARING: 'Hearing. 听力残疾。',
  SPEECH: 'Speech. 言语残疾。',
  PHYSICAL: 'Physical. 肢体残疾。',
  INTELLECTUAL: 'Intellectual. 智力残疾。',
  MENTAL: 'Mental (psychiatric). 精神残疾。',
  MULTIPLE: 'Multiple. 多重残疾。',
});
register(IllnessKind, 'IllnessKind', 'Chronic or serious illness. 慢性病或重大疾病。', {
  NONE: 'None. 无。',
  CHRONIC: 'Chronic illness. 慢性病。',
  SERIOUS: 'Serious (critical) illness. 重大疾病。',
});
register(SchoolingStage, 'SchoolingStage', 'Current schooling stage. 在读学段。', {
  NONE: 'Not in school. 未在读。',
  PRESCHOOL: 'Preschool. 学前教育。',
  PRIMARY: 'Primary school. 小学。',
  JUNIOR_HIGH: 'Junior high school. 初中。',
  SENIOR_HIGH: 'Senior high school. 普通高中。',
  VOCATIONAL: 'Vocational school. 中职。',
  HIGHER: 'Higher education. 高等教育。',
});
register(LegalSupporter, 'LegalSupporter', 'Legal supporter of a person (R3). 法定义务人情况。', {
  ABLE: 'Has a legal supporter able to support. 有法定义务人且有能力赡养抚养扶养。',
  UNABLE: 'Has a legal supporter who cannot support. 法定义务人无赡养抚养扶养能力。',
  NONE: 'No legal supporter. 无法定义务人。',
});
register(ParentalStatus, 'ParentalStatus', 'A minor\'s parents (R5). 父母情况。', {
  PRESENT: 'Parents present. 父母健在。',
  BOTH_DECEASED: 'Lost both parents. 父母双亡。',
  CANNOT_BE_FOUND: 'Birth parents cannot be found. 查找不到生父母。',
});
