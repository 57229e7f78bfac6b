// The patchworks.runner.* settings: the runner's limits and the connection settings that running, instance sign-in
// and publishing share. They exist for development against local or staging APIs: connect every host to another
// address, trust a private root certificate.
import * as vscode from 'vscode';

export interface RunLimits {
  maxPages: number;
  timeoutSeconds: number;
  connectTo: string[];
  trustedCertificatesPem: string[];
}

export class RunSettingsError extends Error {}

export async function readRunSettings(connectorUri: vscode.Uri): Promise<RunLimits> {
  const config = vscode.workspace.getConfiguration('patchworks.runner', connectorUri);
  const connectTo = config.get<unknown>('connectTo', []);
  if (!Array.isArray(connectTo) || connectTo.some((entry) => typeof entry !== 'string')) {
    throw new RunSettingsError('The setting patchworks.runner.connectTo must be a list of strings such as "*:443:127.0.0.1:8443".');
  }
  const limits: RunLimits = {
    maxPages: positive(config.get<number>('maxPages', 10), 'maxPages'),
    timeoutSeconds: positive(config.get<number>('timeoutSeconds', 30), 'timeoutSeconds'),
    connectTo: connectTo as string[],
    trustedCertificatesPem: [],
  };
  const certificates = config.get<string>('trustedCertificates', '').trim();
  if (certificates !== '') {
    const file = certificatesFile(certificates, connectorUri);
    try {
      limits.trustedCertificatesPem.push(new TextDecoder().decode(await vscode.workspace.fs.readFile(file)));
    } catch (error) {
      throw new RunSettingsError(
        `The file of patchworks.runner.trustedCertificates (${file.fsPath}) could not be read: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  return limits;
}

/** An absolute path, or one relative to the connector's workspace folder (`${workspaceFolder}` allowed). */
function certificatesFile(setting: string, connectorUri: vscode.Uri): vscode.Uri {
  const folder = vscode.workspace.getWorkspaceFolder(connectorUri) ?? vscode.workspace.workspaceFolders?.[0];
  const path = folder ? setting.replace(/\$\{workspaceFolder\}/g, folder.uri.fsPath) : setting;
  if (path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || !folder) return vscode.Uri.file(path);
  return vscode.Uri.joinPath(folder.uri, path);
}

function positive(value: number, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new RunSettingsError(`The setting patchworks.runner.${name} must be a number above 0.`);
  }
  return value;
}
