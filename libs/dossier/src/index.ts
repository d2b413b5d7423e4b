export * from './dossier.format';
export * from './dossier.builder';
export * from './dossier.verifier';
export * from './timeline.pdf';
