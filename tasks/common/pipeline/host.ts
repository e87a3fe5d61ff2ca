import * as tl from 'azure-pipelines-task-lib/task';
import type { TaskHost } from '../host';
import { createAgentHost } from './agent-host';

/** The TaskHost of the shipped tasks: the agent reached through task-lib (its vault, its logging commands). */
export function createTaskHost(): TaskHost {
  return createAgentHost({
    input: (name) => tl.getInput(name, false),
    variable: (name) => tl.getVariable(name),
    endpointAuthorization: (id) => tl.getEndpointAuthorization(id, true),
    endpointUrl: (id) => tl.getEndpointUrl(id, true),
    endpointDataParameter: (id, key) => tl.getEndpointDataParameter(id, key, true),
    log: (line) => console.log(line),
    warning: (message) => tl.warning(message),
    debug: (message) => tl.debug(message),
    setSecret: (value) => tl.setSecret(value),
    setOutput: (name, value) => tl.setVariable(name, value, false, true),
    uploadSummary: (file) => tl.uploadSummary(file),
    addAttachment: (type, name, file) => tl.addAttachment(type, name, file),
    setResult: (result, message) => tl.setResult(tl.TaskResult[result], message),
  });
}
