// The manifest is checked against the files it names and against itself. Run after `npm run build` (the
// test:unit script builds first): dist/ and the copied schemas must exist.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { connectorLanguageId, instanceLanguageId, patchworksDocumentSelector, testsLanguageId } from '../../src/server/documentSelector';

const root = path.resolve(__dirname, '..', '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const contributes = manifest.contributes;

function exists(relative: string): boolean {
  return fs.existsSync(path.join(root, relative));
}

/** Every file the manifest names: main, language icons and configuration, grammars, schemas, walkthrough media. */
function namedFiles(): string[] {
  const files: string[] = [manifest.main];
  for (const language of contributes.languages ?? []) {
    if (language.configuration) files.push(language.configuration);
    if (language.icon) files.push(language.icon.light, language.icon.dark);
  }
  for (const grammar of contributes.grammars ?? []) files.push(grammar.path);
  for (const validation of contributes.jsonValidation ?? []) files.push(validation.url);
  for (const walkthrough of contributes.walkthroughs ?? []) {
    for (const step of walkthrough.steps) {
      const media = step.media ?? {};
      for (const key of ['markdown', 'svg']) if (typeof media[key] === 'string') files.push(media[key]);
      if (typeof media.image === 'string') files.push(media.image);
      if (media.image && typeof media.image === 'object') files.push(media.image.light, media.image.dark);
    }
  }
  if (manifest.icon) files.push(manifest.icon);
  return files;
}

test('every file package.json names exists after the build', () => {
  const files = namedFiles();
  assert.ok(files.length >= 12, `only ${files.length} files named`);
  const missing = files.filter((f) => !exists(f));
  assert.deepEqual(missing, []);
});

test('the .vscodeignore lets every named file into the VSIX', () => {
  const allowed = fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8').split('\n').filter((l) => l.startsWith('!')).map((l) => l.slice(1));
  const covered = (file: string) => {
    const clean = file.replace(/^\.\//, '');
    return allowed.some((pattern) => (pattern.endsWith('/**') ? clean.startsWith(pattern.slice(0, -2)) : clean === pattern));
  };
  assert.deepEqual(namedFiles().filter((f) => !covered(f)), []);
});

test('every command has a title and the Patchworks category', () => {
  const commands: { command: string; title?: string; category?: string }[] = contributes.commands;
  assert.ok(commands.length >= 10);
  for (const c of commands) {
    assert.ok(c.command.startsWith('patchworks.'), c.command);
    assert.ok(c.title && c.title.trim() !== '', `${c.command} has no title`);
    assert.equal(c.category, 'Patchworks', `${c.command} category`);
  }
  assert.equal(new Set(commands.map((c) => c.command)).size, commands.length, 'a command is declared twice');
});

test('the commands the issue asks for are all declared', () => {
  const declared = new Set(contributes.commands.map((c: { command: string }) => c.command));
  for (const id of [
    'patchworks.newConnector', 'patchworks.addInstance', 'patchworks.addEndpoint', 'patchworks.addAuthMethod',
    'patchworks.sendRequest', 'patchworks.selectInstance', 'patchworks.validateWorkspace', 'patchworks.resolveRequest',
    'patchworks.openLog', 'patchworks.restartServer', 'patchworks.publishConnector', 'patchworks.signInToPatchworks',
    'patchworks.signOutOfPatchworks', 'patchworks.pullConnector', 'patchworks.importConnector', 'patchworks.pasteCurlAsEndpoint',
    'patchworks.events.listen', 'patchworks.events.send',
  ]) {
    assert.ok(declared.has(id), `${id} is not declared`);
  }
});

test('every command used in a menu or a walkthrough is declared', () => {
  const declared = new Set(contributes.commands.map((c: { command: string }) => c.command));
  for (const [menu, items] of Object.entries(contributes.menus as Record<string, { command: string }[]>)) {
    for (const item of items) assert.ok(declared.has(item.command), `${menu} uses undeclared ${item.command}`);
  }
  for (const walkthrough of contributes.walkthroughs) {
    for (const step of walkthrough.steps) {
      for (const [, id] of (step.description as string).matchAll(/\(command:(patchworks\.[A-Za-z]+)/g)) {
        assert.ok(declared.has(id), `walkthrough step ${step.id} links undeclared ${id}`);
      }
      for (const event of step.completionEvents ?? []) {
        const id = /^onCommand:(patchworks\..+)$/.exec(event)?.[1];
        if (id) assert.ok(declared.has(id), `walkthrough step ${step.id} waits for undeclared ${id}`);
      }
    }
  }
});

test('languages, activation events, jsonValidation and the client\'s document selector agree', () => {
  const ids = contributes.languages.map((l: { id: string }) => l.id);
  assert.deepEqual(ids, [connectorLanguageId, instanceLanguageId, testsLanguageId]);
  for (const id of ids) assert.ok(manifest.activationEvents.includes(`onLanguage:${id}`), `no onLanguage:${id}`);
  const selectorLanguages = (patchworksDocumentSelector as { language?: string }[]).map((s) => s.language);
  assert.deepEqual([...new Set(selectorLanguages)].sort(), [...ids].sort());
  const patterns = contributes.languages.flatMap((l: { filenamePatterns: string[] }) => l.filenamePatterns).sort();
  assert.deepEqual(patterns, ['*.connector.json', '*.instance.json', '*.tests.json']);
  assert.deepEqual(contributes.jsonValidation.map((v: { fileMatch: string }) => v.fileMatch).sort(), patterns);
  // The built-in JSON server must not also take these files (it flags every comment; README "Languages").
  assert.equal(contributes.jsonLanguageParticipants, undefined);
  for (const grammar of contributes.grammars) assert.ok(ids.includes(grammar.language));
  for (const item of contributes.menus['editor/title']) assert.match(item.when, new RegExp(`resourceLangId == ${connectorLanguageId}`));
});

test('the copied schemas are the repository\'s schemas', () => {
  for (const name of ['connector.schema.json', 'instance.schema.json', 'connector-tests.schema.json']) {
    assert.equal(
      fs.readFileSync(path.join(root, 'schemas', name), 'utf8'),
      fs.readFileSync(path.join(root, '..', 'schemas', name), 'utf8'),
      `${name} differs from ../schemas/${name}: run npm run build`,
    );
  }
});

test('every setting has a type, a default and a description', () => {
  const properties: Record<string, { type?: string; default?: unknown; description?: string; markdownDescription?: string }> =
    contributes.configuration.properties;
  assert.ok(Object.keys(properties).length >= 3);
  for (const [key, p] of Object.entries(properties)) {
    assert.ok(key.startsWith('patchworks.'), key);
    assert.ok(p.type, `${key} has no type`);
    assert.notEqual(p.default, undefined, `${key} has no default`);
    assert.ok((p.markdownDescription ?? p.description ?? '').length > 20, `${key} is not described`);
  }
  assert.deepEqual((properties['patchworks.server.trace'] as { enum?: string[] }).enum, ['off', 'messages', 'verbose']);
});

// Workspace trust (README "Workspace trust"): a cloned repository's .vscode/settings.json must not choose where
// requests and credentials go, nor which program runs; the commands that send or sign in need a trusted workspace.
const trustCommands = [
  'patchworks.sendRequest', 'patchworks.signIn', 'patchworks.signInToPatchworks', 'patchworks.publishConnector', 'patchworks.pullConnector',
  'patchworks.importConnector', 'patchworks.pasteCurlAsEndpoint', 'patchworks.events.listen', 'patchworks.events.send',
];
const untrusted = manifest.capabilities.untrustedWorkspaces;

test('the extension supports untrusted workspaces in a limited way', () => {
  assert.equal(untrusted.supported, 'limited');
  assert.match(untrusted.description, /untrusted workspace/);
});

test('a workspace cannot set the settings that route traffic or credentials, or run a program', () => {
  const properties: Record<string, { scope?: string }> = contributes.configuration.properties;
  const restricted: string[] = untrusted.restrictedConfigurations;
  const userOnly = (key: string) => properties[key]?.scope === 'application' || properties[key]?.scope === 'machine';
  // Where the Patchworks credentials go and what Open in Patchworks opens: user settings only.
  for (const key of ['patchworks.publish.apiUrl', 'patchworks.publish.dashboardUrl', 'patchworks.publish.assumptions']) assert.ok(userOnly(key), `${key} is ${properties[key]?.scope ?? 'window'}-scoped`);
  // Per project on purpose (the test APIs, a staging CA): ignored until the workspace is trusted.
  for (const key of ['patchworks.server.path', 'patchworks.runner.connectTo', 'patchworks.runner.trustedCertificates']) {
    assert.ok(restricted.includes(key), `${key} is not in restrictedConfigurations`);
  }
  // And any setting added later that names an address, a path, a route or certificates.
  for (const key of Object.keys(properties).filter((k) => /url|path|connect|certificate|host|proxy/i.test(k))) {
    assert.ok(userOnly(key) || restricted.includes(key), `${key} can be set by a workspace`);
  }
  for (const key of restricted) assert.ok(properties[key], `restrictedConfigurations names an unknown setting ${key}`);
});

test('menu entries of the commands that need trust carry isWorkspaceTrusted', () => {
  let seen = 0;
  for (const [menu, items] of Object.entries(contributes.menus as Record<string, { command: string; when?: string }[]>)) {
    for (const item of items.filter((i) => trustCommands.includes(i.command))) {
      seen++;
      assert.match(item.when ?? '', /(^|&&\s*)isWorkspaceTrusted(\s*&&|$)/, `${menu}: ${item.command} shows in an untrusted workspace`);
    }
  }
  assert.ok(seen >= 2, 'the editor-title actions Send Request and Publish Connector');
});

test('the commands that need trust check it before anything else', () => {
  const sources: Record<string, string> = {
    'patchworks.sendRequest': 'src/runner/runEndpoint.ts',
    'patchworks.signIn': 'src/commands/signIn.ts',
    'patchworks.signInToPatchworks': 'src/publish/patchworksSignIn.ts',
    'patchworks.publishConnector': 'src/publish/publishConnector.ts',
    'patchworks.pullConnector': 'src/publish/pullConnector.ts',
    'patchworks.importConnector': 'src/importing/importConnector.ts',
    'patchworks.pasteCurlAsEndpoint': 'src/importing/pasteCurl.ts',
    'patchworks.events.listen': 'src/events/listen.ts',
    'patchworks.events.send': 'src/events/send.ts',
  };
  assert.deepEqual(Object.keys(sources).sort(), [...trustCommands].sort());
  for (const [command, file] of Object.entries(sources)) {
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    // The exported entry point's first statement.
    const body = /export async function \w+\([^)]*\)[^{]*\{\s*([^\n]*)/.exec(text)?.[1] ?? '';
    assert.match(body, /requireTrust\(/, `${command} (${file}) does not start with requireTrust: ${body}`);
  }
});
