import { deflateRawSync, inflateRawSync } from 'node:zlib';

/**
 * A snapshot's fold as its row keeps it: the JSON, deflated (about a third of its bytes: snapshots were
 * the read models' second table by size, docs/benchmarks.md). Sizes stay the JSON's length, which the
 * snapshot policy weighs. Deflate gives the same bytes for the same JSON in the same build, so that the
 * digests of a replay compare.
 */
export const foldToRow = (json: string): Buffer => deflateRawSync(json);

export const foldOfRow = (row: Uint8Array): string => inflateRawSync(row).toString();
