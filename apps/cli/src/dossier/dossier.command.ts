import { readFile, writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import { DossierReport, verifyDossier } from '@app/dossier';

interface ExportFlags {
  api?: string;
  key?: string;
  out?: string;
}

/** The verification report as an operator reads it. */
export function formatDossierReport(file: string, report: DossierReport): string {
  if (report.ok) {
    return [
      `${file}: intact.`,
      `  case ${report.caseId}, ${report.events} events in ${report.streams.length} streams, up to log position ${report.asOfPosition}, generated ${report.generatedAt}`,
      '  stream heads (compare them with the store’s, or with another copy, to detect a rewritten stream):',
      ...report.streams.map((stream) => `    ${stream.headHash}  ${stream.streamId} (${stream.events} events)`),
    ].join('\n');
  }
  const { failure } = report;
  const where = [
    failure.eventId && `event ${failure.eventId}`,
    failure.streamId && `stream ${failure.streamId}${failure.streamVersion ? ` version ${failure.streamVersion}` : ''}`,
    failure.position !== undefined && `log position ${failure.position}`,
    failure.line !== undefined && `${failure.file ?? ''} line ${failure.line}`,
    failure.line === undefined && failure.file && `file ${failure.file}`,
  ].filter(Boolean);
  return `${file}: NOT intact (${failure.check}): ${failure.message}${where.length ? `\n  at ${where.join(', ')}` : ''}`;
}

/**
 * `dossier export` downloads a case's dossier from the API with an investigator's or supervisor's key (the export is
 * their read, recorded on the case's access log); `dossier verify` checks a dossier file offline: no server, no
 * database, nothing but the file.
 */
export function dossierCommand(defaultApi: () => string): Command {
  const dossier = new Command('dossier').description('case dossiers (案件档案): export and verify offline');
  dossier
    .command('export')
    .description('download a case’s dossier from the API (recorded on the case’s access log)')
    .argument('<caseId>', 'the case id')
    .option('--api <url>', 'the API’s address (default: this machine’s, on PORT)')
    .option('--key <key>', 'an investigator’s or supervisor’s API key (default: the API_KEY environment variable)')
    .option('--out <file>', 'where to write it (default: dossier-<caseId>.zip)')
    .action(async (caseId: string, flags: ExportFlags) => {
      const key = flags.key ?? process.env.API_KEY;
      if (!key) throw new Error('an API key is needed: --key, or the API_KEY environment variable');
      const url = `${(flags.api ?? defaultApi()).replace(/\/$/, '')}/v1/cases/${encodeURIComponent(caseId)}/dossier`;
      const response = await fetch(url, { headers: { Authorization: `Bearer ${key}` } });
      if (!response.ok) {
        const problem = (await response.json().catch(() => ({}))) as { code?: string; detail?: string };
        throw new Error(`${response.status} ${problem.code ?? ''}: ${problem.detail ?? response.statusText}`);
      }
      const bytes = Buffer.from(await response.arrayBuffer());
      const out = flags.out ?? `dossier-${caseId}.zip`;
      await writeFile(out, bytes);
      const report = verifyDossier(bytes);
      console.log(`${out}: ${bytes.length} bytes written.`);
      console.log(formatDossierReport(out, report));
      if (!report.ok) process.exitCode = 1;
    });
  dossier
    .command('verify')
    .description(
      'check a dossier offline: every event’s hash chain, the log order, every file’s digest; exits 1 at the first fault',
    )
    .argument('<file>', 'the dossier (.zip)')
    .action(async (file: string) => {
      const report = verifyDossier(await readFile(file));
      console.log(formatDossierReport(file, report));
      if (!report.ok) process.exitCode = 1;
    });
  return dossier;
}
