import { IsIn } from 'class-validator';
import { IsActor } from '../schema-decorators';

/** De jure: as a state, in full; de facto: as in effective control, provisionally (docs/domain.md, "Recognition"). */
export const RECOGNITION_KINDS = ['de-jure', 'de-facto'] as const;

/**
 * `by` grants (RecognitionGranted) or withdraws (RecognitionWithdrawn) its recognition of `of`, the other
 * member of the pair: the two types state the same three things, so they share one schema.
 */
export class RecognitionData {
  @IsActor() by!: string;
  @IsActor() of!: string;
  @IsIn(RECOGNITION_KINDS) kind!: (typeof RECOGNITION_KINDS)[number];
}
