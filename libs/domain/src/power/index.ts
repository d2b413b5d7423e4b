export * from './power.commands';
export * from './power.decide';
export * from './power.errors';
export * from './power.events';
export { initialPowerState, snapshotOn as powerSnapshotOn, ownerOn as powerOwnerOn } from './power.state';
export type {
  AbsentPower,
  CancelledPower,
  GrantedPower,
  OwnerPeriod,
  PowerFact,
  PowerProposal,
  PowerPublication,
  PowerSnapshot,
  PowerState,
} from './power.state';
export * from './power.types';
export { timeLimitWarnings } from './power.normalize';
export * from './power.view';
