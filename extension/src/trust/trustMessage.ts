// The words of the untrusted-workspace refusal. No `vscode` import, so it is unit-tested.

/** The actions refused in an untrusted workspace, as the message names them. */
export const trustActions = {
  sendRequest: 'send requests and run connector scripts',
  signInToInstance: 'sign in to an instance',
  signInToPatchworks: 'sign in to Patchworks',
  publish: 'publish connectors',
  pull: 'pull connectors from Patchworks',
  importing: 'import API descriptions into connectors',
  events: 'listen to and send messages on an event connector\'s broker',
} as const;

export function trustMessage(action: string): { text: string; button: string } {
  return {
    text: `Trust this workspace to ${action}. In a workspace you have not trusted, Patchworks does not: its files and settings would decide which hosts get your requests and credentials.`,
    button: 'Manage Workspace Trust',
  };
}
