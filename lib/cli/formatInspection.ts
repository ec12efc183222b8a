import type { SnapshotInspection } from '../snapshot/inspectSnapshot.js';
import { TYPES_BY_CODE } from '../snapshot/snapshotFormat.js';

/**
 * Human-readable report of {@link inspectSnapshot}: header fields, key counts per database and
 * type, checksum status, and the defect (code and byte offset) if any.
 *
 * @example
 * ```ts
 * console.log(formatInspection(await inspectSnapshot('dump.fkl')));
 * ```
 */
export function formatInspection(report: SnapshotInspection): string {
  const lines = [`file        ${report.path} (${report.fileBytes ?? '?'} bytes)`];
  const header = report.header;
  if (header !== null) {
    lines.push(
      `format      version ${header.formatVersion}`,
      `history id  ${header.historyId}`,
      `offset      ${header.offset}`,
      `created     ${new Date(header.createdAt).toISOString()} (${header.createdAt})`,
      `databases   ${header.databases}`,
    );
  }
  lines.push(`keys        ${report.keys} (${report.volatileKeys} with an expiry)${report.footer ? `, ${report.footer.records} records` : ''}`);
  for (const [db, counts] of [...report.databases].sort(([a], [b]) => a - b)) {
    const byType = TYPES_BY_CODE.filter((type) => counts[type] > 0).map((type) => `${type} ${counts[type]}`);
    lines.push(`  db ${db}: ${byType.join(', ')}`);
  }
  lines.push(`checksum    ${report.checksum}${report.footer ? ` (crc32 ${report.footer.checksum.toString(16).padStart(8, '0')})` : ''}`);
  lines.push(report.valid ? 'status      valid' : `status      INVALID: ${report.error?.code}: ${report.error?.message}`);
  return lines.join('\n');
}
