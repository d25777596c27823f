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

/**
 * The classes of heads of mission (Vienna Convention on Diplomatic Relations, Art. 14): an ambassador
 * (or nuncio), an envoy or minister (or internuncio), a chargé d'affaires accredited to the minister for
 * foreign affairs — a chargé "en pied" heads a mission that has no ambassador. docs/domain.md.
 */
export const HEAD_OF_MISSION_CLASSES = ['ambassador', 'minister', 'charge-d-affaires'] as const;

/** The mission that `sender` keeps in the other state of the pair, and the class of its head if known. */
export class RepresentationChangedData {
  @IsActor() sender!: string;
  @IsIn(MISSION_KINDS) mission!: (typeof MISSION_KINDS)[number];
  @IsBoolean() resident: boolean = true;
  @Optional() @IsString() @IsNotEmpty() @MaxLength(TEXT_MAX) city?: string;
  @Optional() @IsIn(HEAD_OF_MISSION_CLASSES) headOfMission?: (typeof HEAD_OF_MISSION_CLASSES)[number];
}
