import { Field, InterfaceType } from 'type-graphql';
import { UserError } from './errors';

/** Every mutation payload carries the problems the user can fix; empty when it succeeded. */
@InterfaceType({ description: 'What every mutation payload has. 所有变更结果的共同字段。' })
export abstract class MutationPayload {
  @Field(() => [UserError], { description: 'Problems with the input; empty on success, and then nothing else was written. 输入问题；为空表示成功。' })
  userErrors: UserError[] = [];
}
