import {maskedCrc32c} from "./crc32c.ts";
import type {IssueLog} from "./issues.ts";

/** One record of a TFRecord file: its 1-based index, byte offset and payload. */
export interface TfRecord {
  readonly index: number;
  readonly offset: number;
  readonly data: Uint8Array;
}

/**
 * The records of a TFRecord file (TensorBoard's events.out.tfevents.*). Each record is
 * uint64 length (little-endian), uint32 masked CRC-32C of those 8 bytes, the data, uint32 masked
 * CRC-32C of the data. Issues use the record's index as their line:
 * - a bad length CRC: the length cannot be trusted, so the rest of the file is skipped (reported);
 * - a bad data CRC: that record is skipped (reported) and reading goes on after it;
 * - a file that ends inside a record: the record is skipped as truncated (reported).
 */
export function tfRecords(bytes: Uint8Array, log: IssueLog): TfRecord[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const records: TfRecord[] = [];
  let offset = 0, index = 0;
  while (offset < bytes.length) {
    ++index;
    const left = bytes.length - offset;
    if (left < 12) {
      log.problem(index, "truncated", `record ${index} at byte ${offset}: the file ends inside its header (${left} of 12 bytes; truncated file?): skipped`);
      break;
    }
    const lengthCrc = view.getUint32(offset + 8, true);
    if (maskedCrc32c(bytes.subarray(offset, offset + 8)) !== lengthCrc) {
      log.problem(index, "bad_crc", `record ${index} at byte ${offset}: the length's CRC does not match (a corrupted file): the remaining ${left} bytes are skipped`);
      break;
    }
    const length = Number(view.getBigUint64(offset, true));
    if (left < 12 + length + 4) {
      log.problem(index, "truncated", `record ${index} at byte ${offset}: the file ends inside its ${length} data bytes (truncated file?): skipped`);
      break;
    }
    const data = bytes.subarray(offset + 12, offset + 12 + length);
    if (maskedCrc32c(data) !== view.getUint32(offset + 12 + length, true)) log.problem(index, "bad_crc", `record ${index} at byte ${offset}: the data's CRC does not match (a corrupted record): skipped`);
    else records.push({index, offset, data});
    offset += 12 + length + 4;
  }
  return records;
}

/** Whether bytes start with a TFRecord header whose length CRC checks out. */
export function looksLikeTfRecord(bytes: Uint8Array): boolean {
  return bytes.length >= 12 && maskedCrc32c(bytes.subarray(0, 8)) === new DataView(bytes.buffer, bytes.byteOffset + 8, 4).getUint32(0, true);
}
