// class-transformer's @Type reads design-time types through the Reflect metadata API.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsNotEmpty, IsObject, IsString, IsUrl, Matches, MaxLength, ValidateNested } from 'class-validator';
import { IsActor, IsPartialDate, Optional } from '../schema-decorators';

export const TEXT_MAX = 500;
export const LONG_TEXT_MAX = 5000;

/** Where a fact comes from; every event cites at least one (docs/domain.md#what-every-event-carries). */
export class Source {
  @IsString() @IsNotEmpty() @MaxLength(TEXT_MAX) publisher!: string;
  @Optional()
  @MaxLength(2048)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  url?: string;
  @Optional() @IsString() @MaxLength(TEXT_MAX) title?: string;
  @Optional() @IsPartialDate() publishedOn?: string;
  @Optional() @IsString() @MaxLength(TEXT_MAX) citing?: string;
}

export class Person {
  @IsString() @IsNotEmpty() @MaxLength(TEXT_MAX) name!: string;
  @IsString() @IsNotEmpty() @MaxLength(TEXT_MAX) title!: string;
}

export class Participant extends Person {
  @IsActor() actor!: string;
}

/** Slugs name an agreement, a visit or a sanctions regime within one relationship. */
export function IsSlug(): PropertyDecorator {
  return Matches(/^[a-z0-9][a-z0-9-]{0,99}$/, {
    message: 'must be a slug: 1–100 lower-case letters, digits and dashes, starting with a letter or digit',
  });
}

export function NestedList(of: () => new () => object): PropertyDecorator {
  return (target, property) => {
    // ValidateNested alone lets an array item that is itself an array through, unchecked (`sources: [[]]`).
    IsObject({ each: true, message: 'each item must be an object' })(target, property);
    ValidateNested({ each: true })(target, property);
    Type(of)(target, property);
  };
}

export function Nested(of: () => new () => object): PropertyDecorator {
  return (target, property) => {
    // ValidateNested alone accepts an array (of such objects, or empty) where one object is expected.
    IsObject()(target, property);
    ValidateNested()(target, property);
    Type(of)(target, property);
  };
}
