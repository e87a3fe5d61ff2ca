/** Public surface of the PAT audit core (pure: no REST, no task-lib). */
export * from './settings';
export * from './scopes';
export * from './dates';
export * from './lifecycle';
export * from './rule';
export * from './catalog';
export * from './run';
export * from './summary';
export * from './revocation';
