// The edtf package ships no types; this declares the two calls the domain uses.
declare module 'edtf' {
  interface EdtfValue {
    min: number;
    max: number;
  }
  /** Throws for a text it cannot parse, or a date that does not exist (2024-02-30). */
  export function parse(text: string, options?: { level?: number }): unknown;
  export default function edtf(text: string): EdtfValue;
}
