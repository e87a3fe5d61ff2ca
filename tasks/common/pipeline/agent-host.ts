import * as fs from 'node:fs';
import * as path from 'node:path';
import type { HttpClient } from '@azure/core-rest-pipeline';
import type { ConnectionType, ServiceEndpoint, SignInSettings } from '../auth/connection';
import { CONNECTION_TYPES } from '../auth/connection';
import { maskableParts } from '../auth/masking';
import { REPORT_ATTACHMENT_TYPE, type TaskHost, type TaskResultName } from '../host';
import { readChoice, type InputReader } from '../inputs/read';
import type { Logger, SecretMasker } from '../model/context';
import { neutraliseLoggingCommands, stripControls, toLogLine } from '../report/escape';

const ENDPOINT_DATA_KEYS = [
  'environment',
  'activeDirectoryAuthority',
  'environmentAuthorityUrl',
  'resourceManagerUrl',
  'activeDirectoryServiceEndpointResourceId',
  'subscriptionId',
  'msiclientId',
];
const SECRET_PARAMETERS = ['serviceprincipalkey', 'serviceprincipalcertificate', 'accesstoken', 'idtoken', 'certificate'];

/**
 * What a task reads from and writes to the Azure Pipelines agent, as plain calls. host.ts implements it with
 * task-lib (the shipped tasks); tests implement it over the same environment the agent sets, so a task's main can run
 * in-process with every input, connection and variable read exactly as below.
 */
export interface AgentChannel {
  input(name: string): string | undefined;
  variable(name: string): string | undefined;
  endpointAuthorization(id: string): { parameters?: Record<string, string>; scheme?: string } | undefined;
  endpointUrl(id: string): string | undefined;
  endpointDataParameter(id: string, key: string): string | undefined;
  /** Plain output line (the agent's log). */
  log(line: string): void;
  warning(message: string): void;
  debug(message: string): void;
  setSecret(value: string): void;
  setOutput(name: string, value: string): void;
  uploadSummary(file: string): void;
  /** `##vso[task.addattachment type=…;name=…]file` */
  addAttachment(type: string, name: string, file: string): void;
  setResult(result: TaskResultName, message: string): void;
  /** How HTTPS requests reach the network (tests: trust the emulator's certificate); default the SDK's client. */
  transport?: HttpClient;
}

/**
 * Untrusted text (names from the organization) must never turn into a logging command or a terminal escape.
 * task-lib escapes line breaks in command messages (warnings, debug, result), so those keep theirs; plain stdout
 * lines get {@link toLogLine}, so a line break in a name cannot start a forged log line.
 */
const safe = (message: string) => neutraliseLoggingCommands(stripControls(message));

/** The TaskHost of a task running on an agent, over any {@link AgentChannel}. */
export function createAgentHost(agent: AgentChannel): TaskHost {
  const mask: SecretMasker = (value) => {
    if (value) for (const part of maskableParts(value)) agent.setSecret(part);
  };
  const logger: Logger = {
    info: (message) => agent.log(toLogLine(message)),
    warn: (message) => agent.warning(safe(message)),
    debug: (message) => agent.debug(safe(message)),
    group: (title) => agent.log(`##[group]${toLogLine(title)}`),
    endGroup: () => agent.log('##[endgroup]'),
  };
  const endpoint = (inputName: string): ServiceEndpoint | undefined => {
    const id = agent.input(inputName)?.trim();
    if (!id) return undefined;
    const auth = agent.endpointAuthorization(id);
    if (!auth) {
      throw new Error(
        `Input '${inputName}': service connection '${id}' is not available to this step (not found, or not authorized for this pipeline).`,
      );
    }
    const parameters: Record<string, string> = {};
    for (const [key, value] of Object.entries(auth.parameters ?? {})) {
      parameters[key.toLowerCase()] = value;
      if (SECRET_PARAMETERS.includes(key.toLowerCase())) mask(value);
    }
    const data: Record<string, string> = {};
    for (const key of ENDPOINT_DATA_KEYS) {
      const value = agent.endpointDataParameter(id, key);
      if (value) data[key.toLowerCase()] = value;
    }
    return { id, inputName, url: agent.endpointUrl(id) ?? '', scheme: auth.scheme ?? '', parameters, data };
  };
  const input: InputReader = (name) => agent.input(name);
  const tempDirectory = () => agent.variable('Agent.TempDirectory') || process.env.AGENT_TEMPDIRECTORY || process.cwd();
  return {
    input,
    logger,
    mask,
    transport: agent.transport,
    setOutput: (name, value) => agent.setOutput(name, String(value)),
    uploadSummary(fileName, markdown) {
      const dir = path.join(tempDirectory(), 'pool-warden');
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, fileName);
      fs.writeFileSync(file, markdown, 'utf8');
      agent.uploadSummary(file);
      return file;
    },
    attachReport: (name, file) => agent.addAttachment(REPORT_ATTACHMENT_TYPE, name, file),
    setResult: (result, message) => agent.setResult(result, safe(message)),
    warning: (message) => agent.warning(safe(message)),
    variable: (name) => agent.variable(name) || undefined,
    tempDirectory,
    readSignIn(): SignInSettings {
      const connectionType: ConnectionType = readChoice(input, 'connectionType', CONNECTION_TYPES, 'azureDevOps');
      const inputName = connectionType === 'azureDevOps' ? 'azureDevOpsServiceConnection' : 'azureSubscription';
      // getEndpointAuthorizationParameter would debug-print the value before we can mask it; read the whole
      // authorization object instead (task-lib logs only whether it exists).
      const systemAccessToken =
        agent.endpointAuthorization('SYSTEMVSSCONNECTION')?.parameters?.AccessToken || agent.variable('System.AccessToken') || undefined;
      if (systemAccessToken) mask(systemAccessToken);
      return {
        connectionType,
        endpoint: connectionType === 'systemAccessToken' ? undefined : endpoint(inputName),
        systemAccessToken,
        oidcRequestUri: agent.variable('System.OidcRequestUri') || undefined,
      };
    },
    endpoint,
  };
}
