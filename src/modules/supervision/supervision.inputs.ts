/** GraphQL input types of supervision. */
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { ConnectionArgs } from '../../graphql/relay';
import { DateScalar } from '../../graphql/scalars';
import { CheckKind } from './supervision.enums';
import { FigureCodeEnum } from './supervision.types';

@ArgsType()
export class DrillDownArgs extends ConnectionArgs {
  @Field(() => FigureCodeEnum, { description: 'The figure. 指标。' }) figure!: string;
  @Field(() => ID, { description: 'The township. 乡镇。' }) township!: string;
  @Field({ description: 'The period: 2026, 2026-Q4 or 2026-11. 考核期。' }) period!: string;
}

@ArgsType()
export class CheckArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true, description: 'Only this township. 仅此乡镇。' }) township?: string | null;
}

@InputType({ description: 'Draw households of a township for a check. 抽取抽查家庭。' })
export class DrawSupervisionCheckInput {
  @Field(() => ID, { description: 'The township. 乡镇。' }) township!: string;
  @Field(() => CheckKind, { description: 'Random or regular. 类别。' }) kind!: CheckKind;
  @Field(() => String, { nullable: true, description: 'Seed (8–64 lowercase hex); default a fresh random one. Recorded, so the draw can be re-done. 抽取种子（默认随机）。' }) seed?: string | null;
  @Field(() => DateScalar, { nullable: true, description: 'Regular checks: when the inspection is due (not in the past). 检查期限。' }) dueOn?: string | null;
}

@InputType({ description: 'An inspector\'s findings for one drawn household (the checklist). 核查结果。' })
export class RecordCheckFindingsInput {
  @Field(() => ID, { description: 'The drawn household (SupervisionCheckHousehold). 抽查家庭。' }) checkHousehold!: string;
  @Field(() => Int, { description: 'The version you read. 版本。' }) version!: number;
  @Field({ description: 'The family is who the file says. 家庭身份属实。' }) identityMatches!: boolean;
  @Field({ description: 'Income is as recorded. 收入与登记一致。' }) incomeAsRecorded!: boolean;
  @Field({ description: 'The measures were delivered. 帮扶措施已落实。' }) measuresDelivered!: boolean;
  @Field({ description: 'The notices were posted. 已按规定公示。' }) noticesPosted!: boolean;
  @Field(() => String, { nullable: true, description: 'Note (at most 1000). 说明。' }) note?: string | null;
  @Field(() => DateScalar, { nullable: true, description: 'Day inspected (default today; not before the draw). 核查日期。' }) inspectedOn?: string | null;
}

@InputType({ description: 'Submit your township\'s figures of a period. 报送考核数据。' })
export class SubmitAssessmentInput {
  @Field({ description: 'The period: 2026, 2026-Q4 or 2026-11. 考核期。' }) period!: string;
}

@InputType({ description: 'Approve a submitted assessment (freezes its figures). 审定考核数据。' })
export class ApproveAssessmentInput {
  @Field(() => ID, { description: 'The sign-off. 报送记录。' }) signOff!: string;
  @Field(() => Int, { description: 'The version you read. 版本。' }) version!: number;
}

@InputType({ description: 'Return a submitted assessment to the township. 退回考核数据。' })
export class ReturnAssessmentInput {
  @Field(() => ID, { description: 'The sign-off. 报送记录。' }) signOff!: string;
  @Field(() => Int, { description: 'The version you read. 版本。' }) version!: number;
  @Field({ description: 'Why (at most 500). 退回理由。' }) reason!: string;
}

@InputType({ description: 'Schedule a regular check of every township. 安排定期检查（各乡镇）。' })
export class ScheduleRegularChecksInput {
  @Field(() => DateScalar, { description: 'When the inspections are due (not in the past). 检查期限。' }) dueOn!: string;
  @Field(() => String, { nullable: true, description: 'Seed of the schedule (8–64 lowercase hex; default random); each township\'s seed is derived from it and recorded. 抽取种子。' }) seed?: string | null;
}
