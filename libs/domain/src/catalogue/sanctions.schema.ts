import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsActor } from '../schema-decorators';
import { IsSlug, LONG_TEXT_MAX } from './common.schema';

export class SanctionsImposedData {
  @IsSlug() sanctionsId!: string;
  @IsActor() by!: string;
  @IsString() @IsNotEmpty() @MaxLength(LONG_TEXT_MAX) scope!: string;
}

export class SanctionsLiftedData {
  @IsSlug() sanctionsId!: string;
}
