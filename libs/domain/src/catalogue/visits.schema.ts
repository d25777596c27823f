import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsString, MaxLength } from 'class-validator';
import { IsActor, IsPartialDate, Optional } from '../schema-decorators';
import { IsSlug, LONG_TEXT_MAX, Nested, NestedList, Participant, Person, TEXT_MAX } from './common.schema';

export const VISIT_LEVELS = ['state', 'official', 'working', 'private', 'other'] as const;

export class VisitAnnouncedData {
  @IsSlug() visitId!: string;
  /** The state whose representative travels. */
  @IsActor() guest!: string;
  @Nested(() => Person) visitor!: Person;
  @IsIn(VISIT_LEVELS) level!: (typeof VISIT_LEVELS)[number];
  /** May lie in the future: it is a plan, not a fact. */
  @Optional() @IsPartialDate() plannedFor?: string;
  @Optional() @Nested(() => Person) announcedBy?: Person;
  @Optional() @IsArray() @ArrayMaxSize(50) @NestedList(() => Person) plannedMeetings?: Person[];
}

export class VisitHeldData {
  @Optional() @IsSlug() visitId?: string;
  @IsActor() guest!: string;
  @Nested(() => Person) visitor!: Person;
  @IsIn(VISIT_LEVELS) level!: (typeof VISIT_LEVELS)[number];
  @Optional() @IsArray() @ArrayMaxSize(50) @NestedList(() => Person) meetings?: Person[];
}

export class VisitCancelledData {
  @IsSlug() visitId!: string;
  @Optional() @IsString() @MaxLength(LONG_TEXT_MAX) reason?: string;
}

export class MeetingHeldData {
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @NestedList(() => Participant) participants!: Participant[];
  @Optional() @IsString() @MaxLength(TEXT_MAX) venue?: string;
  @Optional()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(TEXT_MAX, { each: true })
  topics?: string[];
}
