// Test-only preload (NODE_OPTIONS=--require): freezes the wall clock of a task process at POOL_WARDEN_E2E_NOW so
// end-to-end tests can put dates at exact rule boundaries. Timers are untouched (they use a monotonic clock).
'use strict';
const fixed = Date.parse(process.env.POOL_WARDEN_E2E_NOW || '');
if (!Number.isNaN(fixed)) {
  const RealDate = Date;
  globalThis.Date = new Proxy(RealDate, {
    construct: (target, args, newTarget) => Reflect.construct(target, args.length > 0 ? args : [fixed], newTarget),
    apply: () => new RealDate(fixed).toString(),
    get: (target, prop, receiver) => (prop === 'now' ? () => fixed : Reflect.get(target, prop, receiver)),
  });
}
