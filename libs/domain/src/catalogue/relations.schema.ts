import { IsIn, IsString, MaxLength } from 'class-validator';
import { IsActor, Optional } from '../schema-decorators';
import { LONG_TEXT_MAX } from './common.schema';

export const RELATIONS_LEVELS = ['embassy', 'legation', 'non-resident'] as const;

export class DiplomaticRelationsEstablishedData {
  @Optional() @IsIn(RELATIONS_LEVELS) level?: (typeof RELATIONS_LEVELS)[number];
}

export class DiplomaticRelationsSeveredData {
  @Optional() @IsActor() initiatedBy?: string;
  @Optional() @IsString() @MaxLength(LONG_TEXT_MAX) reason?: string;
}

export class DiplomaticRelationsRestoredData {}
