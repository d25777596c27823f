import { ArrayMinSize, IsArray, IsNotEmpty, IsObject, IsString, IsUUID, MaxLength } from 'class-validator';
import { IsPartialDate, Optional } from '../schema-decorators';
import { LONG_TEXT_MAX, Nested, NestedList, Source } from './common.schema';

/**
 * What a correction changes: `occurredOn` and `sources` replace the target's; `data` is merged into the
 * target's data field by field, a `null` removing an optional field. The result must pass the target's schema.
 */
export class CorrectionChanges {
  @Optional() @IsPartialDate() occurredOn?: string;
  @Optional() @IsObject() data?: Record<string, unknown>;
  @Optional() @IsArray() @ArrayMinSize(1) @NestedList(() => Source) sources?: Source[];
}

export class EventCorrectedData {
  @IsUUID() targetEventId!: string;
  @Nested(() => CorrectionChanges) changes!: CorrectionChanges;
  @IsString() @IsNotEmpty() @MaxLength(LONG_TEXT_MAX) reason!: string;
}

export class EventRetractedData {
  @IsUUID() targetEventId!: string;
  @IsString() @IsNotEmpty() @MaxLength(LONG_TEXT_MAX) reason!: string;
}
