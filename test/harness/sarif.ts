import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

let compiled: ValidateFunction | undefined;

/**
 * A validator for the OASIS SARIF 2.1.0 schema as shipped by @microsoft/jest-sarif (a draft-04 schema), compiled once
 * per process (compiling the schema costs far more than validating a log).
 */
export function sarifValidator(): ValidateFunction {
  compiled ??= compileSarifSchema();
  return compiled;
}

function compileSarifSchema(): ValidateFunction {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const schema = structuredClone(require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json')) as Record<string, unknown>;
  // The schema uses draft-04 only for its root `id`; as draft-07 it validates the same way.
  delete schema.$schema;
  schema.$id = schema.id;
  delete schema.id;
  // The schema's `language` pattern has a stray `]` that is invalid only under the regex u flag.
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}
