// The Add Instance wizard, the service-connector wizard's steps: instance (name, company group, test or
// live) → regional settings → authentication method → credentials (an event connector: connection and login,
// the broker's variables first) → review. The instance file it writes
// holds values and secret references only: a secret goes to SecretStorage (secret:NAME) or stays an
// environment variable (env:NAME).
import type { ConnectorInfo, VariableInfo } from './connectorInfo';
import type { Json } from '../forms/draftBuilder';
import type { FieldSpec, StepSpec } from '../forms/formSpec';
import type { SchemaReader } from './schemaFields';

export function instanceSteps(connector: ConnectorInfo, timeZones: string[], schema: SchemaReader): StepSpec[] {
  const root = schema.definition('');
  const field = (name: string, label: string): FieldSpec => schema.field(root, name, label);
  return [
    {
      id: 'instance', title: 'Instance', intro: `A configured copy of ${connector.name} for one company group.`,
      fields: [field('name', 'Name'), field('companyGroup', 'Company group'), field('environment', 'Environment')],
    },
    {
      id: 'regional', title: 'Time zone and date format',
      fields: [{ ...field('timeZone', 'Time zone'), kind: 'select', options: timeZones.map((z) => ({ value: z, label: z })) }, field('dateFormat', 'Date format')],
    },
    {
      id: 'auth', title: 'Authentication',
      fields: [{ ...field('authMethod', 'Authentication method'), kind: 'select', options: connector.authMethods.map((m) => ({ value: m.id, label: `${m.name} (${m.type})` })) }],
    },
    connector.kind === 'event'
      ? {
        id: 'credentials', title: 'Connection and login',
        intro: 'The broker to connect to and the user to log in as. Secrets (the password) go to VS Code\'s secret storage or stay environment variables; the file holds only references.',
        fields: credentialFields(connector),
      }
      : { id: 'credentials', title: 'Credentials', intro: 'Secrets go to VS Code\'s secret storage or stay environment variables; the file holds only references.', fields: credentialFields(connector) },
    { id: 'review', title: 'Review', fields: [{ path: 'saveAs', label: 'Save as (relative to the connector\'s folder)', kind: 'text' }], review: true },
  ];
}

/** One field per variable key (a secret: where it is kept, and the value or the variable's name), shown for the methods that ask for it. */
function credentialFields(connector: ConnectorInfo): FieldSpec[] {
  const byKey = new Map<string, { variable: VariableInfo; methods: string[] }>();
  for (const method of connector.authMethods) {
    for (const variable of method.variables) {
      const entry = byKey.get(variable.key) ?? { variable, methods: [] };
      entry.methods.push(method.id);
      byKey.set(variable.key, entry);
    }
  }
  const fields: FieldSpec[] = [];
  for (const [key, { variable, methods }] of byKey) {
    const forMethod = { path: 'authMethod', in: methods };
    const label = `${variable.displayName ?? key}${variable.required ? ' (required)' : ''}`;
    const help = variable.description;
    if (!variable.secret) {
      fields.push({ path: `values.${key}`, label, kind: 'text', showWhen: forMethod, ...(help ? { help } : {}) });
      continue;
    }
    fields.push(
      {
        path: `secrets.${key}.storage`, label: `${label}: kept in`, kind: 'select', showWhen: forMethod,
        options: [{ value: 'secret', label: 'VS Code secret storage' }, { value: 'env', label: 'An environment variable' }],
      },
      { path: `secrets.${key}.value`, label: `${label}: value`, kind: 'password', showWhen: [forMethod, { path: `secrets.${key}.storage`, in: ['secret'] }], ...(help ? { help } : {}) },
      { path: `secrets.${key}.env`, label: `${label}: environment variable name`, kind: 'text', showWhen: [forMethod, { path: `secrets.${key}.storage`, in: ['env'] }], placeholder: key.toUpperCase() },
    );
  }
  return fields;
}

export function emptyInstanceDraft(connector: ConnectorInfo): Record<string, unknown> {
  const values: Record<string, string> = {};
  const secrets: Record<string, unknown> = {};
  for (const variable of connector.authMethods.flatMap((m) => m.variables)) {
    if (variable.secret) secrets[variable.key] = { storage: 'secret', value: '', env: '' };
    else values[variable.key] = variable.default ?? '';
  }
  return {
    name: '', companyGroup: 'Default', environment: 'test', timeZone: '', dateFormat: connector.dateFormat ?? '',
    authMethod: connector.authMethods.length === 1 ? connector.authMethods[0]!.id : '', values, secrets, saveAs: '',
  };
}

export interface SecretToStore {
  /** The SecretStorage key; the file says `secret:<name>`. */
  name: string;
  value: string;
}

export interface BuiltInstance {
  instance: Record<string, Json>;
  /** Values to put in SecretStorage when the file is written; never part of the file. */
  secrets: SecretToStore[];
}

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

/** What the draft says of one secret variable: where it is kept, the value typed, the environment variable's name. */
const draftSecret = (draft: Record<string, unknown>, key: string): Record<string, unknown> =>
  (draft.secrets as Record<string, Record<string, unknown>> | undefined)?.[key] ?? {};

/**
 * The keys of the secrets the draft keeps in SecretStorage (a value typed, not left to the environment), which need
 * a name from the server. buildInstance stores these and no others.
 */
export function storedSecretKeys(draft: Record<string, unknown>, connector: ConnectorInfo): string[] {
  const method = connector.authMethods.find((m) => m.id === text(draft.authMethod));
  return (method?.variables ?? [])
    .filter((variable) => variable.secret)
    .filter((variable) => {
      const secret = draftSecret(draft, variable.key);
      return secret.storage !== 'env' && typeof secret.value === 'string' && secret.value !== '';
    })
    .map((variable) => variable.key);
}

/**
 * The instance file's value from the draft. `connectorPath` is the connector's path relative to the instance file;
 * `secretNames` the server's names for the secrets kept in SecretStorage (patchworks/secretNames, by key).
 */
export function buildInstance(draft: Record<string, unknown>, connector: ConnectorInfo, connectorPath: string, secretNames: Readonly<Record<string, string>>): BuiltInstance {
  const instance: Record<string, Json> = {};
  const put = (key: string, value: string) => { if (value !== '') instance[key] = value; };
  put('name', text(draft.name));
  instance.connector = connectorPath;
  put('environment', text(draft.environment));
  put('companyGroup', text(draft.companyGroup));
  put('timeZone', text(draft.timeZone));
  put('dateFormat', text(draft.dateFormat));
  put('authMethod', text(draft.authMethod));

  const method = connector.authMethods.find((m) => m.id === text(draft.authMethod));
  const values: Record<string, Json> = {};
  const references: Record<string, Json> = {};
  const toStore: SecretToStore[] = [];
  const stored = new Set(storedSecretKeys(draft, connector));
  for (const variable of method?.variables ?? []) {
    if (!variable.secret) {
      const value = text((draft.values as Record<string, unknown> | undefined)?.[variable.key]);
      if (value !== '') values[variable.key] = value;
      continue;
    }
    const secret = draftSecret(draft, variable.key);
    if (stored.has(variable.key)) {
      // A value typed (storedSecretKeys' test), kept as typed (a secret may have meaningful spaces); only the reference is written.
      const name = secretNames[variable.key];
      if (name === undefined) throw new Error(`No secret name for ${variable.key}.`);
      references[variable.key] = `secret:${name}`;
      toStore.push({ name, value: secret.value as string });
    } else if (secret.storage === 'env') {
      const name = text(secret.env);
      if (name !== '') references[variable.key] = `env:${name}`;
    }
  }
  if (Object.keys(values).length > 0) instance.values = values;
  if (Object.keys(references).length > 0) instance.secrets = references;
  return { instance, secrets: toStore };
}

/** A file name's stem from a name typed in a form: lower case, runs of other characters as one hyphen. */
export function fileSlug(name: string): string {
  let slug = '';
  for (const c of name.toLowerCase()) {
    if (/[a-z0-9]/.test(c)) slug += c;
    else if (slug.length > 0 && !slug.endsWith('-')) slug += '-';
  }
  slug = slug.replace(/-+$/, '');
  if (slug === '') return 'instance';
  return /^[0-9]/.test(slug) ? `i-${slug}` : slug;
}

/** The file name a new instance gets by default: its name's slug. */
export function defaultInstanceFileName(name: string): string {
  return `${fileSlug(name || 'instance')}.instance.json`;
}
