// The documents the Patchworks server handles: our three languages (see package.json `languages`), on disk (the
// server reads paths: an untitled buffer has none). Matching by language rather than by file pattern keeps the client, the activation events and the
// code lens commands on the same decision (extension/README.md, "Languages").
import type { DocumentSelector } from 'vscode-languageclient/node';

export const connectorLanguageId = 'patchworks-connector';
export const instanceLanguageId = 'patchworks-instance';
/** A connector's tests file (name.tests.json): checked, completed, navigated and renamed by the server, run from the Test Explorer. */
export const testsLanguageId = 'patchworks-tests';

export const patchworksDocumentSelector: DocumentSelector = [
  { scheme: 'file', language: connectorLanguageId },
  { scheme: 'file', language: instanceLanguageId },
  { scheme: 'file', language: testsLanguageId },
];
