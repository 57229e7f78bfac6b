// The connector builder's steps as forms: basic details → variables → authentication methods → endpoints →
// review, built from the connector schema's fields as the server reads them (patchworks/schemaFields). Also the
// single-section forms of Add Endpoint and Add Authentication Method, which reuse the same item fields.
import type { FieldSpec, StepSpec } from '../forms/formSpec';
import { humanize, type SchemaReader } from './schemaFields';

/** Which settings block each auth type reads (docs/formats.md); token and none read none. */
const settingsByType: Record<string, string[]> = {
  basic: ['basic'],
  apiKey: ['apiKey'],
  oauth2ClientCredentials: ['oauth2'],
  oauth2Password: ['oauth2'],
  oauth2AuthorizationCode: ['oauth2'],
  oauth1: ['oauth1'],
  soap: ['soap'],
};

/** OAuth 2 settings that belong to one grant only. */
const oauth2FieldTypes: Record<string, string[]> = {
  username: ['oauth2Password'],
  password: ['oauth2Password'],
  pkce: ['oauth2AuthorizationCode'],
  redirectUri: ['oauth2AuthorizationCode'],
};

/** The auth types whose sign-in answers with a token the `token` block describes. */
const tokenTypes = ['token', 'oauth2ClientCredentials', 'oauth2Password', 'oauth2AuthorizationCode', 'soap'];

const labels: Record<string, string> = {
  'version.number': 'Version number',
  'version.name': 'Version name',
  systemType: 'System type',
  'rateLimit.requests': 'Rate limit: requests',
  'rateLimit.per': 'Rate limit: per',
  helpLink: 'Help link',
  url: 'URL',
  additionalUrl: 'Additional URL',
  uses: 'Uses connector variables (comma-separated keys)',
  authMethods: 'Auth method ids (comma-separated; empty: every method)',
  dataPath: 'Data path',
  entityType: 'Entity type',
  dataType: 'Data type',
  id: 'Id',
  displayName: 'Display name',
};

function label(path: string): string {
  return labels[path] ?? humanize(path.split('.').pop()!);
}

function fields(schema: SchemaReader, definition: string, names: string[]): FieldSpec[] {
  const owner = schema.definition(definition);
  return names.map((name) => schema.field(owner, name, label(name), name, name === 'description' ? 'textarea' : undefined));
}

function optional(field: FieldSpec): FieldSpec {
  return { ...field, optional: true };
}

function variableItem(schema: SchemaReader): FieldSpec['item'] {
  return { title: 'Variable', fields: fields(schema, 'variable', ['key', 'displayName', 'description', 'alias', 'default', 'required', 'configurable', 'advanced', 'locked', 'secret']) };
}

function parameterList(schema: SchemaReader, path: 'query' | 'headers' | 'body', owner: string): FieldSpec {
  const titles = { query: 'Query parameters', headers: 'Headers', body: 'Body parameters' };
  const sendWith = owner === 'authMethod' ? ['sendWith'] : [];
  return {
    ...schema.field(schema.definition(owner), path, titles[path]),
    kind: 'list',
    item: { title: 'Parameter', fields: [...fields(schema, 'parameter', ['key', 'value', 'displayName', 'required', 'configurable', 'advanced']), ...sendWith.map((n) => optional(fields(schema, 'parameter', [n])[0]!))] },
  };
}

/** The fields of one authentication method (relative to the method). */
export function authMethodFields(schema: SchemaReader): FieldSpec[] {
  const owner = schema.definition('authMethod');
  const allButNone = schema.property(owner, 'type').options!.filter((t) => t !== 'none');
  const settings: FieldSpec[] = [];
  for (const block of ['basic', 'apiKey', 'oauth2', 'oauth1', 'soap']) {
    const types = Object.keys(settingsByType).filter((t) => settingsByType[t]!.includes(block));
    const settingsBlock = schema.objectOf(owner, block);
    for (const name of Object.keys(settingsBlock.properties)) {
      const field = schema.field(settingsBlock, name, `${humanize(block)}: ${humanize(name)}`, `${block}.${name}`,
        name === 'envelope' ? 'textarea' : undefined);
      const only = block === 'oauth2' ? oauth2FieldTypes[name] : undefined;
      settings.push({ ...(field.kind === 'select' ? optional(field) : field), showWhen: { path: 'type', in: only ?? types } });
    }
  }
  const tokenBlock = schema.objectOf(owner, 'token');
  const token = Object.keys(tokenBlock.properties).map((name) => {
    const field = schema.field(tokenBlock, name, `Token: ${humanize(name)}`, `token.${name}`);
    return { ...field, showWhen: { path: 'type', in: tokenTypes } };
  });
  const when = { path: 'type', in: allButNone };
  return [
    ...fields(schema, 'authMethod', ['id', 'name', 'description', 'type']),
    ...fields(schema, 'authMethod', ['url', 'additionalUrl']).map((f) => ({ ...f, showWhen: when })),
    { ...optional(fields(schema, 'authMethod', ['method'])[0]!), showWhen: when },
    ...fields(schema, 'authMethod', ['uses']),
    { ...schema.field(owner, 'variables', 'Auth variables'), kind: 'list', item: variableItem(schema) },
    ...settings,
    ...token,
    parameterList(schema, 'query', 'authMethod'),
    parameterList(schema, 'headers', 'authMethod'),
    parameterList(schema, 'body', 'authMethod'),
  ];
}

/** The fields of one endpoint (relative to the endpoint); pagination options show for the methods that read them. */
export function endpointFields(schema: SchemaReader): FieldSpec[] {
  const owner = schema.definition('endpoint');
  const pagination = schema.objectOf(owner, 'pagination');
  const methods = pagination.methods ?? {};
  const paginationOptions = Object.keys(pagination.properties ?? {})
    .filter((name) => name !== 'method')
    .map((name) => {
      const users = Object.keys(methods).filter((m) => [...methods[m]!.required, ...methods[m]!.optional].includes(name));
      const kind = name === 'script' ? 'textarea' : undefined;
      return { ...schema.field(pagination, name, `Pagination: ${humanize(name)}`, `pagination.${name}`, kind), showWhen: { path: 'pagination.method', in: users } };
    });
  return [
    ...fields(schema, 'endpoint', ['id', 'name', 'description', 'entityType', 'direction', 'method', 'url']),
    optional(fields(schema, 'endpoint', ['dataType'])[0]!),
    ...fields(schema, 'endpoint', ['authMethods']),
    { ...schema.field(owner, 'variables', 'Endpoint variables'), kind: 'list', item: variableItem(schema) },
    parameterList(schema, 'query', 'endpoint'),
    parameterList(schema, 'headers', 'endpoint'),
    parameterList(schema, 'body', 'endpoint'),
    ...fields(schema, 'endpoint', ['dataPath']),
    optional(schema.field(pagination, 'method', 'Pagination', 'pagination.method')),
    ...paginationOptions,
  ];
}

export function connectorSteps(schema: SchemaReader): StepSpec[] {
  const basics = fields(schema, '', ['name', 'description', 'systemType', 'protocol', 'icon', 'colour', 'dateFormat', 'helpLink']);
  const version = fields(schema, 'version', ['number', 'name']).map((f) => ({ ...f, path: `version.${f.path}`, label: label(`version.${f.path}`) }));
  const rate = fields(schema, 'rateLimit', ['requests', 'per']).map((f) => ({ ...f, path: `rateLimit.${f.path}`, label: label(`rateLimit.${f.path}`) }));
  const byName = (name: string) => basics.find((f) => f.path === name)!;
  const root = schema.definition('');
  return [
    {
      id: 'basics', title: 'Basic details', intro: 'What the connector is called, what it talks to, and how fast it may call it.',
      fields: [byName('name'), ...version, byName('description'), byName('systemType'), byName('protocol'), { ...byName('icon'), browse: { label: 'Choose icon file' } },
        optional(byName('colour')), byName('dateFormat'), rate[0]!, optional(rate[1]!), byName('helpLink')],
    },
    {
      id: 'variables', title: 'Variables', intro: 'Values users fill in when they add an instance, if an auth method uses them.',
      fields: [{ ...schema.field(root, 'variables', 'Connector variables'), kind: 'list', item: variableItem(schema) }],
    },
    {
      id: 'auth', title: 'Authentication methods', intro: 'Each way an instance can sign in; every instance picks one.',
      fields: [{ ...schema.field(root, 'authMethods', 'Authentication methods'), kind: 'list', item: { title: 'Authentication method', fields: authMethodFields(schema) } }],
    },
    {
      id: 'endpoints', title: 'Endpoints', intro: 'One API call each: method, URL, parameters, data path and pagination.',
      fields: [{ ...schema.field(root, 'endpoints', 'Endpoints'), kind: 'list', item: { title: 'Endpoint', fields: endpointFields(schema) } }],
    },
    { id: 'review', title: 'Review', intro: 'The file as it will be written.', fields: [{ path: 'saveAs', label: 'Save as (relative to the workspace folder)', kind: 'text' }], review: true },
  ];
}

/** The draft a new connector starts from: one of each list, so every step shows its fields at once. */
export function emptyConnectorDraft(): Record<string, unknown> {
  return {
    name: '', version: { number: '1', name: '' }, systemType: '', protocol: 'HTTP', dateFormat: '', rateLimit: { requests: '', per: '' },
    variables: [],
    authMethods: [{ id: '', name: '', type: '' }],
    endpoints: [{ id: '', name: '', direction: 'receive', method: 'GET', url: '', pagination: { method: '' } }],
    saveAs: '',
  };
}
