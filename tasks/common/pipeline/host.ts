import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tl from 'azure-pipelines-task-lib/task';
import type { ConnectionType, ServiceEndpoint, SignInSettings } from '../auth/connection';
import { REPORT_ATTACHMENT_TYPE, type TaskHost } from '../host';
import { CONNECTION_TYPES } from '../auth/connection';
import { maskableParts } from '../auth/masking';
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
 * Untrusted text (names from the organization) must never turn into a logging command or a terminal escape.
 * task-lib escapes line breaks in command messages (warnings, debug, result), so those keep theirs; plain stdout
 * lines get {@link toLogLine}, so a line break in a name cannot start a forged log line.
 */
const safe = (message: string) => neutraliseLoggingCommands(stripControls(message));

export function createTaskHost(): TaskHost {
  const mask: SecretMasker = (value) => {
    if (value) for (const part of maskableParts(value)) tl.setSecret(part);
  };
  const logger: Logger = {
    info: (message) => console.log(toLogLine(message)),
    warn: (message) => tl.warning(safe(message)),
    debug: (message) => tl.debug(safe(message)),
    group: (title) => console.log(`##[group]${toLogLine(title)}`),
    endGroup: () => console.log('##[endgroup]'),
  };
  const endpoint = (inputName: string): ServiceEndpoint | undefined => {
    const id = tl.getInput(inputName, false)?.trim();
    if (!id) return undefined;
    const auth = tl.getEndpointAuthorization(id, true);
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
      const value = tl.getEndpointDataParameter(id, key, true);
      if (value) data[key.toLowerCase()] = value;
    }
    return { id, inputName, url: tl.getEndpointUrl(id, true), scheme: auth.scheme ?? '', parameters, data };
  };
  const input: InputReader = (name) => tl.getInput(name, false);
  return {
    input,
    logger,
    mask,
    setOutput: (name, value) => tl.setVariable(name, String(value), false, true),
    uploadSummary(fileName, markdown) {
      const dir = path.join(this.tempDirectory(), 'pool-warden');
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, fileName);
      fs.writeFileSync(file, markdown, 'utf8');
      tl.uploadSummary(file);
      return file;
    },
    attachReport: (name, file) => tl.addAttachment(REPORT_ATTACHMENT_TYPE, name, file),
    setResult: (result, message) => tl.setResult(tl.TaskResult[result], safe(message)),
    warning: (message) => tl.warning(safe(message)),
    variable: (name) => tl.getVariable(name) || undefined,
    tempDirectory: () => tl.getVariable('Agent.TempDirectory') || process.env.AGENT_TEMPDIRECTORY || process.cwd(),
    readSignIn(): SignInSettings {
      const connectionType: ConnectionType = readChoice(input, 'connectionType', CONNECTION_TYPES, 'azureDevOps');
      const inputName = connectionType === 'azureDevOps' ? 'azureDevOpsServiceConnection' : 'azureSubscription';
      // getEndpointAuthorizationParameter would debug-print the value before we can mask it; read the whole
      // authorization object instead (task-lib logs only whether it exists).
      const systemAccessToken =
        tl.getEndpointAuthorization('SYSTEMVSSCONNECTION', true)?.parameters?.AccessToken ||
        tl.getVariable('System.AccessToken') ||
        undefined;
      if (systemAccessToken) mask(systemAccessToken);
      return {
        connectionType,
        endpoint: connectionType === 'systemAccessToken' ? undefined : endpoint(inputName),
        systemAccessToken,
        oidcRequestUri: tl.getVariable('System.OidcRequestUri') || undefined,
      };
    },
    endpoint,
  };
}
