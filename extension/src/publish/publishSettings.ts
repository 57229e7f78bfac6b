// The patchworks.publish.* settings, and the connection settings publishing shares with the runner
// (patchworks.runner.connectTo / trustedCertificates: a staging host, a private CA, the local test APIs).
import * as vscode from 'vscode';
import { readRunSettings } from '../settings/runnerSettings';
import { defaultDashboardUrl } from './dashboardLink';
import { assumptionsOf } from './publishAssumptions';

export const defaultApiUrl = 'https://core.wearepatchworks.com/api/v1';

export interface PublishSettings {
  apiUrl: string;
  dashboardUrl: string;
  connectTo: string[];
  trustedCertificatesPem: string[];
  /** patchworks.publish.assumptions: the Core API's undocumented facts to change (docs/publishing.md), sent as given; absent when not set. */
  assumptions?: Record<string, unknown>;
}

export class PublishSettingsError extends Error {}

/** Throws PublishSettingsError (or the runner's RunSettingsError) with a message for the person. */
export async function readPublishSettings(connectorUri: vscode.Uri): Promise<PublishSettings> {
  const config = vscode.workspace.getConfiguration('patchworks.publish', connectorUri);
  const apiUrl = (config.get<string>('apiUrl', defaultApiUrl) || defaultApiUrl).trim().replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s/]+/.test(apiUrl)) {
    throw new PublishSettingsError(`The setting patchworks.publish.apiUrl must be an http(s) URL such as ${defaultApiUrl}, not "${apiUrl}".`);
  }
  const connection = await readRunSettings(connectorUri);
  return {
    apiUrl,
    dashboardUrl: config.get<string>('dashboardUrl', defaultDashboardUrl) || defaultDashboardUrl,
    connectTo: connection.connectTo,
    trustedCertificatesPem: connection.trustedCertificatesPem,
    ...assumptionsOf(config.get<unknown>('assumptions')),
  };
}

