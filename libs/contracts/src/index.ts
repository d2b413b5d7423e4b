/**
 * The shapes of requests, shared by every edge that takes them (the HTTP API and the CLI's catalogue import): the
 * field rules (texts, dates, instants, documents, bounds), the input limits, the power requests, and the one way a
 * body is validated against them. The domain takes the typed commands these produce (docs/architecture.md, "One
 * validation boundary").
 */
export * from './request-bounds';
export * from './request-fields';
export * from './request-input';
export * from './request-validation';
export * from './validation-metadata-cache';
export * from './powers/cancel-power.request.dto';
export * from './powers/change-power.request.dto';
export * from './powers/grant-power.request.dto';
export * from './powers/power-fields.request.dto';
export * from './powers/publish-power.request.dto';
export * from './powers/review-proposal.request.dto';
export * from './powers/transfer-power.request.dto';
