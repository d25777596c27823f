import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsActor, Optional } from '../schema-decorators';
import { LONG_TEXT_MAX, Nested, Person, TEXT_MAX } from './common.schema';

export const STANCES = ['supports', 'opposes', 'neutral'] as const;

export class PositionStatedData {
  @IsActor() by!: string;
  @IsString() @IsNotEmpty() @MaxLength(TEXT_MAX) topic!: string;
  @IsIn(STANCES) stance!: (typeof STANCES)[number];
  @Optional() @IsString() @MaxLength(LONG_TEXT_MAX) summary?: string;
}

export class StatementIssuedData {
  @IsActor() by!: string;
  @Optional() @Nested(() => Person) speaker?: Person;
  @IsString() @IsNotEmpty() @MaxLength(LONG_TEXT_MAX) summary!: string;
}
