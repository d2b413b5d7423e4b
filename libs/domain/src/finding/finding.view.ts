import { SupervisionViewer } from '../shared/read-access';
import { FindingState } from './finding.types';

/** The office sees every finding; a department those about it. */
export function canSeeFinding(state: FindingState, viewer: SupervisionViewer): boolean {
  return viewer.kind === 'office' || state.finding!.department === viewer.department;
}
