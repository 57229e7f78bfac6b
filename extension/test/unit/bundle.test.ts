// The production bundle must load with `vscode` as its only external: a module esbuild could not follow
// (jsonc-parser's UMD build did this) fails only when VS Code activates the extension, so load it here.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import Module from 'node:module';

/** Stands for any part of the vscode API: callable, constructible, extendable, every property another stub. */
const stub: unknown = new Proxy(function vscodeStub() {}, {
  get: (_target, property) => (property === 'prototype' ? {} : property === Symbol.toPrimitive ? () => '' : stub),
  apply: () => stub,
  construct: () => ({}),
});

test('dist/extension.js loads and exports activate and deactivate', () => {
  const moduleInternals = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const load = moduleInternals._load;
  moduleInternals._load = (request: string, ...rest: unknown[]) => (request === 'vscode' ? stub : load(request, ...rest));
  try {
    const bundle = require(path.resolve(__dirname, '..', '..', '..', 'dist', 'extension.js')) as Record<string, unknown>;
    assert.equal(typeof bundle['activate'], 'function');
    assert.equal(typeof bundle['deactivate'], 'function');
  } finally {
    moduleInternals._load = load;
  }
});
