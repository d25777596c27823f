import { IsBoolean, IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsActor, Optional } from '../schema-decorators';
import { LONG_TEXT_MAX } from './common.schema';

/**
 * `sender` calls its head of mission home (docs/domain.md, "Recalls and expulsions"): its mission is
 * headed ad interim until a later RepresentationChanged of the sender.
 */
export class AmbassadorRecalledData {
  @IsActor() sender!: string;
  @Optional() @IsString() @MaxLength(LONG_TEXT_MAX) reason?: string;
  /** Recalled "for consultations": a protest short of a downgrade, the envoy expected back. */
  @Optional() @IsBoolean() forConsultations?: boolean;
}

/** The host `by` declares members of the other state's mission persona non grata (Vienna Convention, Art. 9). */
export class DiplomatsExpelledData {
  @IsActor() by!: string;
  @Optional() @IsInt() @Min(1) @Max(100000) count?: number;
  @Optional() @IsBoolean() includesHeadOfMission?: boolean;
  @Optional() @IsString() @MaxLength(LONG_TEXT_MAX) reason?: string;
}
