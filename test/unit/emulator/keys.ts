/** The emulator unit tests' keys: the process-wide set the e2e tests use too (one RSA generation per run). */
export { sharedEmulatorKeys as testKeys } from '../../emulator';
