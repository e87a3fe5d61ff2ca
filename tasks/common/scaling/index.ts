/** Public surface of the scaling core. */
export * from './ports';
export * from './request';
export * from './state';
export * from './plan';
export * from './result';
export { executePlan, type ExecuteOptions } from './executor';
