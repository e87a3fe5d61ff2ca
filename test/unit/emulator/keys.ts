import { createEmulatorKeys, type EmulatorKeys } from '../../emulator';

let shared: Promise<EmulatorKeys> | undefined;

/** One set of emulator keys for the whole emulator test run (keeps the suite fast). */
export function testKeys(): Promise<EmulatorKeys> {
  shared ??= createEmulatorKeys();
  return shared;
}
