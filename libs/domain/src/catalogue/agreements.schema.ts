import { ArrayMaxSize, IsBoolean, IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsSlug, LONG_TEXT_MAX, TEXT_MAX } from './common.schema';
import { Optional } from '../schema-decorators';

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
  @Optional()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(TEXT_MAX, { each: true })
  areas?: string[];
  @Optional() @IsString() @MaxLength(TEXT_MAX) venue?: string;
  @Optional() @IsBoolean() inForceOnSignature?: boolean;
}

export class AgreementEnteredIntoForceData {
  @IsSlug() agreementId!: string;
}

export class AgreementTerminatedData {
  @IsSlug() agreementId!: string;
  @Optional() @IsString() @MaxLength(LONG_TEXT_MAX) reason?: string;
}
