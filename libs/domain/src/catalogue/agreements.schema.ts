import { ArrayMaxSize, IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsSlug, LONG_TEXT_MAX, TEXT_MAX } from './common.schema';

export const AGREEMENT_KINDS = [
  'treaty',
  'agreement',
  'memorandum',
  'joint-statement',
  'protocol',
  'other',
] as const;

export class AgreementSignedData {
  @IsSlug() agreementId!: string;
  @IsString() @IsNotEmpty() @MaxLength(TEXT_MAX) title!: string;
  @IsIn(AGREEMENT_KINDS) kind!: (typeof AGREEMENT_KINDS)[number];
  @IsOptional()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(TEXT_MAX, { each: true })
  areas?: string[];
  @IsOptional() @IsString() @MaxLength(TEXT_MAX) venue?: string;
  @IsOptional() @IsBoolean() inForceOnSignature?: boolean;
}

export class AgreementEnteredIntoForceData {
  @IsSlug() agreementId!: string;
}

export class AgreementTerminatedData {
  @IsSlug() agreementId!: string;
  @IsOptional() @IsString() @MaxLength(LONG_TEXT_MAX) reason?: string;
}
