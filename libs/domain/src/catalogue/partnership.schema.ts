import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { TEXT_MAX } from './common.schema';
import { Optional } from '../schema-decorators';

/** `level` is kept exactly as declared; its rank comes from the versioned vocabulary. */
export class PartnershipDeclaredData {
  @IsString() @IsNotEmpty() @MaxLength(TEXT_MAX) level!: string;
  @Optional() @IsString() @MaxLength(TEXT_MAX) instrument?: string;
  @Optional() @IsString() @MaxLength(TEXT_MAX) venue?: string;
}
