import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { TEXT_MAX } from './common.schema';

/** `level` is kept exactly as declared; its rank comes from the versioned vocabulary. */
export class PartnershipDeclaredData {
  @IsString() @IsNotEmpty() @MaxLength(TEXT_MAX) level!: string;
  @IsOptional() @IsString() @MaxLength(TEXT_MAX) instrument?: string;
  @IsOptional() @IsString() @MaxLength(TEXT_MAX) venue?: string;
}
