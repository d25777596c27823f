import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsActor } from '../schema-decorators';
import { LONG_TEXT_MAX } from './common.schema';

export const RELATIONS_LEVELS = ['embassy', 'legation', 'non-resident'] as const;

export class DiplomaticRelationsEstablishedData {
  @IsOptional() @IsIn(RELATIONS_LEVELS) level?: (typeof RELATIONS_LEVELS)[number];
}

export class DiplomaticRelationsSeveredData {
  @IsOptional() @IsActor() initiatedBy?: string;
  @IsOptional() @IsString() @MaxLength(LONG_TEXT_MAX) reason?: string;
}

export class DiplomaticRelationsRestoredData {}
