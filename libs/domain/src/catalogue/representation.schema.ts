import { IsBoolean, IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsActor, Optional } from '../schema-decorators';
import { TEXT_MAX } from './common.schema';

export const MISSION_KINDS = [
  'embassy',
  'legation',
  'consulate',
  'liaison-office',
  'interests-section',
  'none',
] as const;

/** The mission that `sender` keeps in the other state of the pair. */
export class RepresentationChangedData {
  @IsActor() sender!: string;
  @IsIn(MISSION_KINDS) mission!: (typeof MISSION_KINDS)[number];
  @IsBoolean() resident: boolean = true;
  @Optional() @IsString() @IsNotEmpty() @MaxLength(TEXT_MAX) city?: string;
}
