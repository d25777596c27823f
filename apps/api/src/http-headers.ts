/** A request header that is present but malformed (HTTP 400 naming the header). */
export class HeaderError extends Error {
  constructor(
    readonly header: string,
    readonly rule: string,
    message: string,
  ) {
    super(message);
    this.name = 'HeaderError';
  }
}

/** The form of If-Match this API takes, for the check below and the document. */
export const IF_MATCH_PATTERN = '^\\s*"(-1|0|[1-9][0-9]{0,17})"\\s*$';
const ifMatch = new RegExp(IF_MATCH_PATTERN);

/** `If-Match: "<revision>"` (a strong ETag of a stream revision; -1 for a stream with no event yet). */
export function parseIfMatch(value: string | string[] | undefined): bigint | undefined {
  if (value === undefined) return undefined;
  const text = Array.isArray(value) ? value.join(',') : value;
  const match = ifMatch.exec(text);
  if (!match) {
    throw new HeaderError(
      'If-Match',
      'isRevisionEtag',
      'If-Match must be one quoted stream revision, e.g. "3"',
    );
  }
  return BigInt(match[1]);
}
