/** Public surface of the pool role audit core (pure: no REST, no task-lib). */
export * from './snapshot';
export * from './settings';
export * from './rule';
export * from './classify';
export * from './catalog';
export * from './run';
export * from './expand-groups';
