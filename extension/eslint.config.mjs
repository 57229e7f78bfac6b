// The extension's folder rule (docs/architecture.md): a feature folder imports shared infrastructure, never a
// sibling feature; shared infrastructure imports no feature. `npm run lint` (part of ./test.sh) fails otherwise.
import tsParser from '@typescript-eslint/parser';

/** Features: each a folder under src/ with its commands, its panels' models and its forms. */
const features = ['commands', 'runner', 'testing', 'wizards', 'publish', 'importing', 'events'];
/** Shared infrastructure any feature may use. */
const shared = ['server', 'settings', 'trust', 'files', 'documents', 'webview', 'forms'];

const importOf = (folder) => [`../${folder}`, `../${folder}/*`, `../../${folder}/*`];

function refusing(folders, why) {
  return {
    'no-restricted-imports': ['error', {
      patterns: folders.map((folder) => ({ group: importOf(folder), message: `${why} (docs/architecture.md): move what both need into a shared folder (${shared.join(', ')}).` })),
    }],
  };
}

export default [
  {
    files: ['src/**/*.ts'],
    languageOptions: { parser: tsParser, ecmaVersion: 2022, sourceType: 'module' },
  },
  ...features.map((feature) => ({
    files: [`src/${feature}/**/*.ts`],
    rules: refusing(features.filter((f) => f !== feature), `src/${feature}/ is a feature and may not import a sibling feature`),
  })),
  ...shared.map((folder) => ({
    files: [`src/${folder}/**/*.ts`],
    rules: refusing(features, `src/${folder}/ is shared infrastructure and may not import a feature`),
  })),
  {
    // The webviews' own bundles run in the browser: never the vscode API.
    files: ['src/ui/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'A webview bundle runs in the browser: talk to the extension with postMessage.' }] }] },
  },
];
