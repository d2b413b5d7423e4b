import { SupervisionViewer } from '../shared/read-access';
import { RectificationState } from './rectification.types';

/** The office sees every rectification order; a department those addressed to it. */
export function canSeeRectification(state: RectificationState, viewer: SupervisionViewer): boolean {
  return viewer.kind === 'office' || state.order!.department === viewer.department;
}
