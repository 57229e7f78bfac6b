// "Patchworks: Publish Connector": asks the server for the plan (patchworks/publishPlan), shows it beside the
// editor with a modal to confirm, offers a version bump when the server refuses an unbumped change, then publishes
// (patchworks/publish) in a cancellable notification fed by the server's $/progress step reports. Cancel sends
// $/cancelRequest; the server stops between writes and its sidecar records what was done for the next run.
// Credentials: SecretStorage through patchworks/getSecrets (Sign In to Patchworks); never in a file or the log.
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { WorkDoneProgress, type WorkDoneProgressBegin, type WorkDoneProgressReport } from 'vscode-languageclient';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { Services } from '../services';
import { maskValues } from '../server/traceRedaction';
import { workspaceFiles } from '../server/connectorOutline';
import { credentialValues } from './credentials';
import { dashboardLink } from './dashboardLink';
import { signInToPatchworks } from './patchworksSignIn';
import { problemLines, publishFailureOf, wantsSignIn, type PublishFailure } from './publishFailure';
import { asPublishPlan, confirmationDetail, hasWrites, renderPlan, stepOf, versionText, type PlanAnswer, type PublishAnswer, type PublishPlan } from './publishPlan';
import type { PlanDocuments } from './planDocuments';
import { readPublishSettings, type PublishSettings } from './publishSettings';
import { requireTrust } from '../trust/workspaceTrust';
import { consentToCredentialOrigin } from './credentialConsent';
import { trustActions } from '../trust/trustMessage';

type Bump = 'patch' | 'minor' | 'major';


export async function publishConnector(services: Services, plans: PlanDocuments, arg?: unknown): Promise<void> {
  if (!requireTrust(trustActions.publish, services.log)) return;
  const connector = await connectorToPublish(services, arg).catch((error: unknown) => {
    void vscode.window.showErrorMessage(`Patchworks: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  });
  if (!connector) return;
  if (!(await savedOrSave(connector))) return;
  let settings: PublishSettings;
  try {
    settings = await readPublishSettings(connector);
  } catch (error) {
    void vscode.window.showErrorMessage(`Patchworks: ${messageOf(error)}`, 'Open Settings').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', 'patchworks.publish');
    });
    return;
  }
  if (!(await consentToCredentialOrigin(services.context, services.log, settings.apiUrl, settings.connectTo))) return;
  const client = await services.whenClientReady().catch(() => undefined);
  if (!client) {
    void vscode.window.showErrorMessage('Publishing needs the Patchworks language server, which is not running. See the Patchworks log.');
    return;
  }
  await new PublishRun(services, plans, client, connector, settings).start();
}

class PublishRun {
  private readonly name: string;
  private signedInOnce = false;

  constructor(
    private readonly services: Services,
    private readonly plans: PlanDocuments,
    private readonly client: LanguageClient,
    private readonly connector: vscode.Uri,
    private readonly settings: PublishSettings,
  ) {
    this.name = path.basename(connector.fsPath);
  }

  async start(bump?: Bump): Promise<void> {
    await this.log(`Publish: planning ${this.name} against ${this.settings.apiUrl}${bump ? ` (${bump} bump)` : ''}.`);
    let plan: PublishPlan;
    try {
      const answer = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Patchworks: planning the publish of ${this.name}…`, cancellable: true },
        (_progress, token) => this.client.sendRequest<PlanAnswer>('patchworks/publishPlan', this.params(bump), token),
      );
      plan = asPublishPlan(answer.plan);
      await this.log(answer.text);
    } catch (error) {
      await this.failed('planning', publishFailureOf(error), bump);
      return;
    }

    if (!hasWrites(plan)) {
      // Nothing to write; publish anyway (it writes nothing to Patchworks) so that ids matched by name reach the sidecar.
      await this.publish(plan, bump, false);
      return;
    }
    await this.plans.show(plan.name, renderPlan(plan));
    const publish = `Publish ${versionText(plan)}`;
    const choice = await vscode.window.showInformationMessage(
      `Publish '${plan.name}' to Patchworks?`,
      { modal: true, detail: confirmationDetail(plan) },
      publish,
    );
    if (choice !== publish) {
      await this.log(`Publish: ${this.name} not published (the plan was not confirmed).`);
      return;
    }
    await this.publish(plan, bump, true);
  }

  private async publish(confirmed: PublishPlan, bump: Bump | undefined, withProgress: boolean): Promise<void> {
    const workDoneToken = randomUUID();
    let answer: PublishAnswer;
    try {
      answer = await vscode.window.withProgress(
        {
          location: withProgress ? vscode.ProgressLocation.Notification : vscode.ProgressLocation.Window,
          title: `Publishing '${confirmed.name}' to Patchworks`,
          cancellable: withProgress,
        },
        async (progress, token) => {
          let reported = 0;
          const listening = this.client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
            if (value.kind === 'end') return;
            const message = (value as WorkDoneProgressBegin | WorkDoneProgressReport).message;
            if (!message) return;
            void this.log(`Publish: ${message}`);
            const step = stepOf(message);
            const share = step ? Math.max(0, (step.done / step.total) * 100 - reported) : undefined;
            if (share !== undefined) reported += share;
            progress.report(share !== undefined ? { message, increment: share } : { message });
          });
          try {
            return await this.client.sendRequest<PublishAnswer>('patchworks/publish', { ...this.params(bump), workDoneToken }, token);
          } finally {
            listening.dispose();
          }
        },
      );
    } catch (error) {
      await this.failed('publishing', publishFailureOf(error), bump);
      return;
    }
    const result = answer.result;
    const plan = asPublishPlan(answer.plan);
    const sidecar = path.basename(result.sidecar);
    const text = result.writes === 0
      ? `Patchworks: nothing to change. ${plan.summary} (system template ${result.templateId}; ids in ${sidecar}).`
      : `Published '${plan.name}' version ${result.version} to Patchworks: ${result.creates} created, ${result.updates} changed `
        + `(${result.writes} writes; system template ${result.templateId}; ids in ${sidecar}${result.fileBumped ? '; the file\'s version was raised' : ''}).`;
    await this.log(text);
    const link = dashboardLink(this.settings.dashboardUrl, result.templateId);
    const actions = link ? ['Open in Patchworks', 'Show Log'] : ['Show Log'];
    const choice = await vscode.window.showInformationMessage(text, ...actions);
    if (choice === 'Open in Patchworks' && link) void vscode.env.openExternal(vscode.Uri.parse(link));
    if (choice === 'Show Log') this.services.log.show();
  }

  /** Says why, and offers the step that fixes it: sign in, choose a version bump, look at the problems. */
  private async failed(stage: string, failure: PublishFailure, bump: Bump | undefined): Promise<void> {
    await this.log(`Publish: ${stage} ${this.name} failed (${failure.reason}): ${failure.message}`, 'error');
    for (const line of problemLines(failure)) await this.log(`  ${line}`, 'error');
    const message = await this.mask(failure.message);
    if (wantsSignIn(failure) && !this.signedInOnce) {
      const choice = await vscode.window.showErrorMessage(`Patchworks: ${message}`, 'Sign In to Patchworks', 'Show Log');
      if (choice === 'Sign In to Patchworks') {
        this.signedInOnce = true;
        if (await signInToPatchworks(this.services)) await this.start(bump);
      } else if (choice === 'Show Log') this.services.log.show();
      return;
    }
    if (failure.reason === 'versionPublished' && !bump) {
      const picked = await vscode.window.showQuickPick(
        [
          { label: 'Patch', bump: 'patch' as const, detail: 'version.number + 1; a semantic version.name moves its patch part (1.4.2 → 1.4.3)' },
          { label: 'Minor', bump: 'minor' as const, detail: 'version.number + 1; a semantic version.name moves its minor part (1.4.2 → 1.5.0)' },
          { label: 'Major', bump: 'major' as const, detail: 'version.number + 1; a semantic version.name moves its major part (1.4.2 → 2.0.0)' },
        ],
        {
          title: 'This version is already in Patchworks and the file differs from it: publish a new version?',
          placeHolder: 'The bump is written into the file when publishing. Escape keeps the version and publishes nothing.',
          ignoreFocusOut: true,
        },
      );
      if (picked) await this.start(picked.bump);
      else await this.log('Publish: no version bump chosen; nothing published.');
      return;
    }
    if (failure.reason === 'cancelled') {
      void vscode.window.showWarningMessage(`Patchworks: ${message}`, 'Show Log').then((c) => c && this.services.log.show());
      return;
    }
    const actions = failure.reason === 'connectorErrors' ? ['Show Problems', 'Show Log'] : ['Show Log'];
    const choice = await vscode.window.showErrorMessage(`Patchworks: ${message}`, ...actions);
    if (choice === 'Show Problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
    if (choice === 'Show Log') this.services.log.show();
  }

  private params(bump: Bump | undefined) {
    return {
      uri: this.connector.toString(),
      apiUrl: this.settings.apiUrl,
      ...(bump ? { bump } : {}),
      connectTo: this.settings.connectTo,
      trustedCertificatesPem: this.settings.trustedCertificatesPem,
      ...(this.settings.assumptions ? { assumptions: this.settings.assumptions } : {}),
    };
  }

  /** Anything from the server goes to the log with the stored key and password masked, should one ever be in it. */
  private async log(message: string, level: 'info' | 'error' = 'info'): Promise<void> {
    const masked = await this.mask(message);
    if (level === 'error') this.services.log.error(masked);
    else this.services.log.info(masked);
  }

  private async mask(message: string): Promise<string> {
    return maskValues(message, await credentialValues(this.services.context.secrets));
  }
}

/** The argument (a Uri from the editor title), the active connector editor, or one picked from the workspace. */
async function connectorToPublish(services: Services, arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri && arg.fsPath.endsWith('.connector.json')) return arg;
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active?.scheme === 'file' && active.fsPath.endsWith('.connector.json')) return active;
  // The server's list, with its folder rules; event connectors are not published (the Core API documents none).
  const found = (await workspaceFiles(services)).connectors.filter((c) => c.kind !== 'event').map((c) => vscode.Uri.parse(c.uri));
  if (found.length === 0) {
    void vscode.window.showWarningMessage('Patchworks: there is no connector file (*.connector.json) in the workspace to publish.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    found.map((uri) => ({ label: path.basename(uri.fsPath), detail: vscode.workspace.asRelativePath(uri), uri })),
    { title: 'Publish which connector to Patchworks?', matchOnDetail: true },
  );
  return picked?.uri;
}

/** Publishing reads the file as saved (and a bump writes it): an unsaved editor is saved first, if the person agrees. */
async function savedOrSave(connector: vscode.Uri): Promise<boolean> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === connector.toString());
  if (!open?.isDirty) return true;
  const save = 'Save and Publish';
  const choice = await vscode.window.showWarningMessage(
    `${path.basename(connector.fsPath)} has unsaved changes.`,
    { modal: true, detail: 'Publishing sends the file as saved. Save it first?' },
    save,
  );
  return choice === save && (await open.save());
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
