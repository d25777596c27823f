import { IsIn, IsInt, Max, Min } from 'class-validator';
import { IsActor, IsPartialDate, Optional } from '../schema-decorators';

export const VISA_REGIMES = ['visa-required', 'e-visa', 'visa-on-arrival', 'visa-free'] as const;

/** The regime for citizens of `beneficiary` entering `grantedBy`. */
export class VisaPolicyChangedData {
  @IsActor() grantedBy!: string;
  @IsActor() beneficiary!: string;
  @IsIn(VISA_REGIMES) regime!: (typeof VISA_REGIMES)[number];
  @Optional() @IsInt() @Min(1) @Max(3650) maxStayDays?: number;
  /** A planned end; may lie in the future. */
  @Optional() @IsPartialDate() until?: string;
}
