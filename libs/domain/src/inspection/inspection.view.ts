import { SupervisionViewer } from '../shared/read-access';
import { InspectionState } from './inspection.types';

/**
 * The office sees every inspection; a department those whose scope names it, and a covert one (暗访) only once its
 * report is in, so that it cannot be forewarned (docs/domain.md, "Supervision work").
 */
export function canSeeInspection(state: InspectionState, viewer: SupervisionViewer): boolean {
  if (viewer.kind === 'office') return true;
  const plan = state.plan!;
  return plan.scope.departments.includes(viewer.department) && (plan.manner === 'open' || state.status === 'reported');
}
