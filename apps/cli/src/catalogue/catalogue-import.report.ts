import { POWER_WARNING_LABELS } from '@app/domain';
import { CatalogueImportReport } from './catalogue-import.service';

/** The report as an operator reads it: rejected rows with their reasons, warnings, then the summary. */
export function formatImportReport(report: CatalogueImportReport, elapsedSeconds: number): string {
  const lines: string[] = [];
  if (report.rejected.length > 0) {
    lines.push('Rejected rows:');
    for (const { row, code, errors } of report.rejected) {
      lines.push(`  row ${row} ${code ?? '(no code)'}`);
      for (const [field, messages] of Object.entries(errors)) lines.push(`    ${field}: ${messages.join('; ')}`);
    }
  }
  if (report.warned.length > 0) {
    lines.push('Warnings:');
    for (const { row, code, warnings } of report.warned) {
      const texts = warnings.map((warning) => `${POWER_WARNING_LABELS[warning]} (${warning})`);
      lines.push(`  row ${row} ${code}: ${texts.join('; ')}`);
    }
  }
  const rate = elapsedSeconds > 0 ? report.rowsRead / elapsedSeconds : 0;
  lines.push(
    report.dryRun ? 'Dry run: nothing was written.' : 'Done.',
    `Rows read:        ${report.rowsRead}`,
    `${report.dryRun ? 'Would import:    ' : 'Imported:        '} ${report.imported}`,
    `Already imported: ${report.alreadyImported}`,
    `Rejected:         ${report.rejected.length}`,
    `Elapsed:          ${elapsedSeconds.toFixed(2)} s (${rate.toFixed(1)} rows/s)`,
  );
  return lines.join('\n');
}
