import { PowerStatus } from '../power/power.types';
import { RecordedPowerEvent } from '../power/power.events';
import { powerView } from '../power/power.view';
import { shanghaiDate } from '../shared/values';
import { OperationPowerInput, PowerNotInForceReason } from './operation.types';

/**
 * Whether a power is in force for an operation, decided in this file only (docs/rules.md): `operationPowerOn` reads
 * the power as it stood on the acceptance date, `powerInForceFor` decides for the registering department.
 */

const NOT_IN_FORCE_REASONS: Readonly<Record<Exclude<PowerStatus, 'in-force'>, PowerNotInForceReason>> = {
  'not-yet-in-force': 'not-yet-in-force',
  cancelled: 'cancelled',
};

/**
 * The power as in force on the acceptance date (Asia/Shanghai), as the catalogue knows it now: what a registration
 * freezes into its event. Only approved facts count (`powerView` folds no proposal): a department's grant still
 * waiting for review is no power at all, and a pending change leaves the power as it was. Whether it is the registering department's own is left to the operation decider, which
 * compares `ownerDepartment` with the department.
 */
export function operationPowerOn(
  code: string,
  events: readonly RecordedPowerEvent[],
  acceptedAt: string,
): OperationPowerInput {
  const view = events.length === 0 ? undefined : powerView(events, { asOf: shanghaiDate(acceptedAt) }, '');
  if (view === undefined) return { code, exists: false, inForce: false };
  const { attributes } = view;
  return {
    code,
    exists: true,
    inForce: view.status === 'in-force',
    ...(view.status === 'in-force' ? {} : { notInForceReason: NOT_IN_FORCE_REASONS[view.status] }),
    name: attributes.name,
    ownerDepartment: view.department,
    category: attributes.category,
    important: attributes.important,
    timeLimit: attributes.timeLimit,
    ...(attributes.discretion !== undefined ? { discretion: attributes.discretion } : {}),
    ...(attributes.licensingConditions !== undefined ? { licensingConditions: attributes.licensingConditions } : {}),
    classified: attributes.classification.classified,
    version: view.version,
  };
}

/**
 * Whether the power, as read on the acceptance date, is in force for an operation of `department`, and if not, why.
 * Another department's power is 'other-department' whatever else holds of it: its state (cancelled, not yet in
 * force) is that department's business, and of a classified power more than the registering department may know.
 */
export function powerInForceFor(
  power: Pick<OperationPowerInput, 'exists' | 'inForce' | 'notInForceReason' | 'ownerDepartment'>,
  department: string,
): { inForce: boolean; notInForceReason?: PowerNotInForceReason } {
  const ownedElsewhere = power.ownerDepartment !== undefined && power.ownerDepartment !== department;
  if (power.inForce && !ownedElsewhere) return { inForce: true };
  if (ownedElsewhere) return { inForce: false, notInForceReason: 'other-department' };
  const notInForceReason = power.notInForceReason ?? (power.exists ? undefined : 'not-in-catalogue');
  return notInForceReason === undefined ? { inForce: false } : { inForce: false, notInForceReason };
}
