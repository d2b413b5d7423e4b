import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { Principal } from '@app/access';
import { AppConfig } from '@app/config';
import { buildDossier, DossierEventLine, PdfFontMissingError, renderTimelinePdf } from '@app/dossier';
import { canonicalEnvelope, compareCheckpoints, EVENT_STORE, EventStore, RecordedEvent } from '@app/event-store';
import { Clock } from '@app/platform';
import { CaseReconstructionService } from './case-reconstruction.service';

export interface ExportedDossier {
  fileName: string;
  zip: Buffer;
}

const byLogOrder = (a: RecordedEvent, b: RecordedEvent): number =>
  compareCheckpoints(
    { transactionId: a.transactionId, position: a.globalPosition },
    { transactionId: b.transactionId, position: b.globalPosition },
  );

/** An event as the dossier carries it: the canonical envelope that was hashed, byte for byte, and its link. */
function dossierLine(event: RecordedEvent): DossierEventLine {
  return {
    position: event.globalPosition,
    transactionId: event.transactionId,
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    prevHash: event.prevHash,
    hash: event.hash,
    envelope: canonicalEnvelope(event),
  };
}

/**
 * The case dossier (docs/architecture.md, "Dossier"): the reconstruction, every stream it touches whole from its
 * first event as stored, and a PDF of the timeline, in one zip that `npm run cli -- dossier verify` checks offline.
 * The export is recorded on the case's access log.
 */
@Injectable()
export class CaseDossierService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly reconstructions: CaseReconstructionService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async export(caseId: string, principal: Principal): Promise<ExportedDossier> {
    const reconstruction = await this.reconstructions.reconstruct(caseId, principal, 'dossier');
    const streams = await this.store.readStreams(reconstruction.streams.map((stream) => stream.streamId));
    const events = [...streams.values()].flat().sort(byLogOrder);
    const generatedAt = this.clock.now().toISOString();
    let timelinePdf: Buffer;
    try {
      timelinePdf = await renderTimelinePdf(
        { caseId, generatedAt, events: reconstruction.events, integrity: reconstruction.integrity },
        { path: this.config.PDF_FONT_PATH, name: this.config.PDF_FONT_NAME },
      );
    } catch (error) {
      if (error instanceof PdfFontMissingError) {
        throw new ServiceUnavailableException({ message: error.message, code: 'PDF_FONT_MISSING' });
      }
      throw error;
    }
    const zip = buildDossier({
      caseId,
      generatedAt,
      generatedBy: { id: principal.id, role: principal.role },
      events: events.map(dossierLine),
      reconstruction,
      timelinePdf,
    });
    return { fileName: `dossier-${caseId}.zip`, zip };
  }
}
