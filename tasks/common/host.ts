import type { HttpClient } from '@azure/core-rest-pipeline';
import type { ServiceEndpoint, SignInSettings } from './auth/connection';
import type { InputReader } from './inputs/read';
import type { Logger, SecretMasker } from './model/context';

/** The one attachment type every task attaches its JSON report under; the run's Pool Warden tab reads this type. */
export const REPORT_ATTACHMENT_TYPE = 'pool-warden.report.v1';

export type TaskResultName = 'Succeeded' | 'SucceededWithIssues' | 'Failed';

/**
 * What a task's core needs from where it runs: the Azure Pipelines agent (pipeline/host.ts, task-lib)
 * or a terminal (the local CLI). Core code talks to this interface only.
 */
export interface TaskHost {
  input: InputReader;
  logger: Logger;
  mask: SecretMasker;
  setOutput(name: string, value: string | number): void;
  /** Writes the markdown summary to a file and shows it (run summary in a pipeline, terminal locally). */
  uploadSummary(fileName: string, markdown: string): string;
  /**
   * Attaches a JSON report to the run under {@link REPORT_ATTACHMENT_TYPE} (the run's Pool Warden tab lists and renders
   * them); a terminal keeps the file where it is.
   */
  attachReport(name: string, file: string): void;
  setResult(result: TaskResultName, message: string): void;
  warning(message: string): void;
  tempDirectory(): string;
  /** A pipeline variable (e.g. `System.CollectionUri`); undefined when not set. */
  variable(name: string): string | undefined;
  /** Reads connectionType and the chosen service connection into plain data. */
  readSignIn(): SignInSettings;
  /** An AzureRM connection selected by another input (e.g. `azureSubscription` for ARM calls). */
  endpoint(inputName: string): ServiceEndpoint | undefined;
  /**
   * How HTTPS requests (sign-in and REST) reach the network; undefined = the Azure SDK's Node client. The seam that
   * lets a task's main run in-process against the emulator, trusting its certificate without NODE_EXTRA_CA_CERTS.
   */
  transport?: HttpClient;
}

/** Reports an error that ended a task's main once, as Failed with the task's name (the stack goes to debug output). */
export function failTask(host: TaskHost, taskName: string, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof Error && error.stack) host.logger.debug(error.stack);
  host.setResult('Failed', `${taskName}: ${message}`);
}
