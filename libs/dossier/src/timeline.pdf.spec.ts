import { countEventLoopTurns } from '@app/testing/event-loop-turns';
import { renderTimelinePdf, TimelineEvent } from './timeline.pdf';

const events: TimelineEvent[] = Array.from({ length: 200 }, (_, i) => ({
  position: 1000 + i,
  streamId: `operation-D001-${i}`,
  version: 1,
  type: i % 2 === 0 ? 'OperationRegistered' : 'AlertRaised',
  recordedAt: '2025-03-04T01:02:03.000Z',
  claimedAt: i % 2 === 0 ? '2025-03-04T01:00:00.000Z' : null,
  actor: { id: 'key-1', role: 'department' },
}));

describe('renderTimelinePdf', () => {
  it('lays out a long timeline over many turns of the event loop, so that other requests are answered meanwhile', async () => {
    const turns = countEventLoopTurns();
    const pdf = await renderTimelinePdf({
      caseId: 'AC-2025-0001',
      generatedAt: '2025-06-01T02:00:00.000Z',
      events,
      integrity: [{ streamId: 'operation-D001-0', intact: true }],
    });
    const counted = turns.stop();
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // A turn before the rows, one per 20 rows, one before the integrity list.
    expect(counted).toBeGreaterThanOrEqual(10);
  });
});
