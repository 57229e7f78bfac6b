// Copies the repository's JSON Schemas (the one source of truth, ../schemas) into the extension, where
// package.json's `jsonValidation` names them and the VSIX carries them. The copies are not committed.
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const extension = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(extension, '..', 'schemas');
const target = join(extension, 'schemas');
mkdirSync(target, { recursive: true });
for (const name of ['connector.schema.json', 'instance.schema.json', 'connector-tests.schema.json']) {
  copyFileSync(join(source, name), join(target, name));
}
