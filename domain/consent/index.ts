export * from './consent-events';
export * from './consent-directive';
