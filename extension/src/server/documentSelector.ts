// The documents the Patchworks server handles: our two languages (see package.json `languages`), on disk (the
// server reads paths: an untitled buffer has none). Matching by language rather than by file pattern keeps the client, the activation events and the
// code lens commands on the same decision (extension/README.md, "Languages").
import type { DocumentSelector } from 'vscode-languageclient/node';

export const connectorLanguageId = 'patchworks-connector';
export const instanceLanguageId = 'patchworks-instance';

export const patchworksDocumentSelector: DocumentSelector = [
  { scheme: 'file', language: connectorLanguageId },
  { scheme: 'file', language: instanceLanguageId },
];
