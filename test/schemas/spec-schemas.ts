/**
 * Turns the vendored swagger 2.0 definitions (vsts-rest-api-specs-7.1.json, see README.md) into ajv validators of
 * what the service really sends. The definitions stay as vendored; the adaptations below are the documented ways the
 * wire format differs from swagger 2.0, each applied to every definition alike:
 * - `allOf` bases are merged into the definition, and an object with `properties` accepts no other property (so a
 *   field the service does not send, like `_links` on TaskAgentPool, fails);
 * - any property may be `null` (swagger 2.0 cannot say so; the services and the specs' own examples send nulls);
 * - [Flags] enums (FLAG_ENUMS) come comma-joined (`"elasticPool, singleUseAgents"`);
 * - `date-time` accepts the zone-less dates token admin sends (`2026-12-01T00:00:00`), `int32`/`int64`/`double` are
 *   JSON numbers;
 * - types that the .NET web API serializes with a converter of their own have their wire form (WIRE_FORMS), and a
 *   byte array (`array` of `format: byte`) is one base64 string;
 * - the generator's forms of .NET `object` (a bare `{"type": "object"}`, e.g. the values of the audit log's `data`) and
 *   of a JObject-typed property (`{"type": "string", "format": "JObject"}`, e.g. PolicyConfiguration `settings`) are
 *   any JSON value and a JSON object;
 * - a base type the service always sends as one of its documented subtypes (POLYMORPHIC) is that subtype, chosen by
 *   the discriminating field (BuildProcess by `type`, CheckConfiguration by `type.id`).
 * A response may also be one of several definitions (subject lookup answers GraphUser, GraphGroup or GraphServicePrincipal).
 */
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import * as fs from 'node:fs';
import * as path from 'node:path';

type Schema = Record<string, unknown>;

interface Vendored {
  source: { repository: string; commit: string };
  specs: Record<string, { roots: string[]; definitions: Record<string, Schema> }>;
}

/** x-ms-enum names of [Flags] enums in the .NET client: sent as comma-joined names. */
const FLAG_ENUMS = new Set(['TaskAgentPoolOptions', 'ElasticAgentState']);

/** Wire form of definitions the .NET serializer writes with a converter of its own. */
const WIRE_FORMS: Record<string, Schema> = {
  // ReferenceLinks: the links dictionary itself, `{"self": {"href": "…"}, …}`.
  ReferenceLinks: {
    type: 'object',
    additionalProperties: { type: 'object', required: ['href'], properties: { href: { type: 'string' } }, additionalProperties: false },
  },
  // Demand: its string form, `"Agent.Version -gtVersion 3.248.0"`.
  Demand: { type: 'string' },
  // IdentityDescriptor: `"<identityType>;<identifier>"`.
  IdentityDescriptor: { type: 'string' },
  // PropertiesCollection: the property bag itself, `{"Account": {"$type": "System.String", "$value": "…"}}`.
  PropertiesCollection: { type: 'object' },
  // Newtonsoft JObject / JToken: any JSON.
  JObject: {},
  JToken: {},
};

/**
 * Base definitions sent as one of their subtypes: the field that decides, its value for each subtype, and the subtype
 * of any other value (none: another value fails).
 * - BuildProcess: `type` is the .NET ProcessType (1 designer, 2 YAML, 3 docker, 4 just-in-time), the subtypes of
 *   build.json; the httpExamples of Definitions show `"process": {"yamlFilename": …, "type": 2}`.
 * - CheckConfiguration: `settings` are ApprovalConfigSettings for the Approval check type and TaskCheckConfig for the
 *   Task Check type (POST__AddApprovalCheckConfiguration / POST__AddTaskCheckConfiguration), free-form otherwise.
 */
const POLYMORPHIC: Record<string, { field: string[]; subtypes: Record<string, string>; otherwise?: string }> = {
  BuildProcess: { field: ['type'], subtypes: { 1: 'DesignerProcess', 2: 'YamlProcess', 3: 'DockerProcess', 4: 'JustInTimeProcess' } },
  CheckConfiguration: {
    field: ['type', 'id'],
    subtypes: {
      '8c6f20a7-a545-4486-9777-f762fafe0d4d': 'ApprovalCheckConfiguration',
      'fe1de3ee-a436-41b4-bb20-f6eb4cb879a7': 'TaskCheckConfiguration',
    },
    otherwise: 'GenericCheckConfiguration',
  },
};

export const VENDORED: Vendored = JSON.parse(fs.readFileSync(path.join(__dirname, 'vsts-rest-api-specs-7.1.json'), 'utf8'));

function refName(ref: string): string {
  return ref.replace('#/definitions/', '');
}

/** One definition as the wire shows it (see the file comment). */
function adapt(definitions: Record<string, Schema>, name: string): Schema {
  if (WIRE_FORMS[name]) return WIRE_FORMS[name];
  if (POLYMORPHIC[name]) return polymorphic(definitions, name);
  return adaptDefinition(definitions, name);
}

function adaptDefinition(definitions: Record<string, Schema>, name: string): Schema {
  return adaptNode(mergeAllOf(definitions, definitions[name]));
}

/** `{a: {b: value}}` for the field path ['a', 'b']. */
function fieldIs(field: string[], value: Schema): Schema {
  return field.reduceRight<Schema>((inner, key) => ({ type: 'object', required: [key], properties: { [key]: inner } }), value);
}

/** The subtype the discriminating field names (see POLYMORPHIC); each subtype is inlined, as it extends the base. */
function polymorphic(definitions: Record<string, Schema>, name: string): Schema {
  const { field, subtypes, otherwise } = POLYMORPHIC[name];
  const numeric = field.length === 1 && (definitions[name].properties as Record<string, Schema>)[field[0]]?.type === 'integer';
  const known = Object.keys(subtypes).map((key) => (numeric ? Number(key) : key));
  const branches: Schema[] = Object.entries(subtypes).map(([value, subtype]) => ({
    if: fieldIs(field, { const: numeric ? Number(value) : value }),
    then: adaptDefinition(definitions, subtype),
  }));
  const rest = otherwise ? adaptDefinition(definitions, otherwise) : fieldIs(field, { enum: known });
  return { allOf: [...branches, { if: fieldIs(field, { enum: known }), else: rest }] };
}

function mergeAllOf(definitions: Record<string, Schema>, schema: Schema): Schema {
  const bases = (schema.allOf as Schema[] | undefined) ?? [];
  if (bases.length === 0) return schema;
  const properties: Record<string, Schema> = {};
  for (const base of bases) {
    const resolved = base.$ref ? mergeAllOf(definitions, definitions[refName(String(base.$ref))]) : base;
    Object.assign(properties, resolved.properties ?? {});
  }
  Object.assign(properties, schema.properties ?? {});
  const { allOf: _allOf, ...rest } = schema;
  return { ...rest, type: 'object', properties };
}

function adaptNode(schema: Schema): Schema {
  // .NET `object` and JObject as the swagger generator writes them (see the file comment).
  if (schema.type === 'object' && !schema.properties && !schema.additionalProperties && !schema.allOf && !schema.$ref) return {};
  if (schema.format === 'JObject') return { type: 'object' };
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'description' || key.startsWith('x-ms-')) continue;
    if (key === '$ref') out.$ref = `#/definitions/${refName(String(value))}`;
    else if (key === 'properties') {
      out.properties = Object.fromEntries(
        Object.entries(value as Record<string, Schema>).map(([name, property]) => [
          name,
          { anyOf: [adaptNode(property), { type: 'null' }] },
        ]),
      );
    } else if (key === 'items' || key === 'additionalProperties') out[key] = typeof value === 'object' ? adaptNode(value as Schema) : value;
    else out[key] = value;
  }
  const flags = (schema['x-ms-enum'] as { name?: string } | undefined)?.name;
  if (Array.isArray(schema.enum) && flags && FLAG_ENUMS.has(flags)) {
    const names = (schema.enum as string[]).join('|');
    delete out.enum;
    out.type = 'string';
    out.pattern = `^(${names})(, (${names}))*$`;
  }
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  if (out.type === 'array' && (schema.items as Schema | undefined)?.format === 'byte') return { type: 'string' };
  if (out.$ref) return { $ref: out.$ref };
  return out;
}

/** An ajv instance holding every vendored definition of one spec file under `#/definitions/<name>`. */
function compileSpec(spec: string): { ajv: Ajv; schemaId: string } {
  const { definitions } = VENDORED.specs[spec];
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv, ['uuid', 'uri']);
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/);
  for (const format of ['int32', 'int64', 'double', 'float', 'byte', 'JContainer', 'JTokenType']) ajv.addFormat(format, true);
  const schemaId = `spec:${spec}`;
  ajv.addSchema(
    { $id: schemaId, definitions: Object.fromEntries(Object.keys(definitions).map((name) => [name, adapt(definitions, name)])) },
    schemaId,
  );
  return { ajv, schemaId };
}

const compiled = new Map<string, { ajv: Ajv; schemaId: string }>();

/**
 * How a route wraps the definition: itself, Azure DevOps' `{count, value: [...]}`, the same with `null` for what could
 * not be resolved (identities, one entry per id asked), or `{count, value: {key: …}}`.
 */
export type Wrapper = 'none' | 'collection' | 'sparseCollection' | 'map';

/** A validator for `definition` (or one of several) of `spec` (a key of VENDORED.specs), wrapped as the route sends it. */
export function validatorFor(spec: string, definition: string | string[], wrapper: Wrapper): ValidateFunction {
  const names = Array.isArray(definition) ? definition : [definition];
  for (const name of names) if (!VENDORED.specs[spec]?.definitions[name]) throw new Error(`${name} is not vendored from ${spec}`);
  let entry = compiled.get(spec);
  if (!entry) compiled.set(spec, (entry = compileSpec(spec)));
  const refs = names.map((name) => ({ $ref: `${entry.schemaId}#/definitions/${name}` }));
  const ref = refs.length === 1 ? refs[0] : { anyOf: refs };
  const value =
    wrapper === 'collection'
      ? { type: 'array', items: ref }
      : wrapper === 'sparseCollection'
        ? { type: 'array', items: { anyOf: [ref, { type: 'null' }] } }
        : { type: 'object', additionalProperties: ref };
  const schema =
    wrapper === 'none'
      ? ref
      : { type: 'object', required: ['count', 'value'], properties: { count: { type: 'integer' }, value }, additionalProperties: false };
  return entry.ajv.compile(schema);
}
