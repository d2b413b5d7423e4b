/** The read model has not reached the position a read asked for in time; HTTP answers 503 PROJECTION_LAGGING. */
export class ProjectionLaggingError extends Error {
  readonly code = 'PROJECTION_LAGGING';

  constructor(
    readonly projection: string,
    readonly minPosition: number,
  ) {
    super(`The ${projection} read model has not yet reached position ${minPosition}; retry shortly`);
    this.name = 'ProjectionLaggingError';
  }
}
