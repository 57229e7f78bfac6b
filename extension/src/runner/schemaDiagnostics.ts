// Compare Schema's findings as problems in the editor (Problems view, squiggles), at the schema's declarations the
// server located, with "Update Schema from Run" as their quick fix. Each panel's findings remember the run that
// produced them, so the quick fix updates the schema from that run even when another panel is focused. They go
// when a file they point into (the connector, the schema file) is edited, or the panel closes: then they may be
// stale, and Compare Schema gives them again.
import * as vscode from 'vscode';
import type { RunTarget } from './responsePanel';
import type { RunFile } from '../server/runModel';
import { schemaProblems, type LspRange, type SchemaComparisonAnswer } from './schemaFindings';

export const COMPARE_SCHEMA_SOURCE = 'Compare Schema';

/** The panel whose run produced findings, as the quick fix needs it. */
export interface FindingsOwner {
  readonly target: RunTarget;
}

interface Published<Owner extends FindingsOwner> {
  owner: Owner;
  run: RunFile;
  /** The diagnostics published per file URI (as the server spelled it). */
  byUri: Map<string, vscode.Diagnostic[]>;
  /** Files whose edit makes the findings stale: the connector, the schema file, every file a finding is in. */
  watched: Set<string>;
  /** The quick fix is offered on these. */
  fixable: Set<vscode.Diagnostic>;
}

export class SchemaDiagnostics<Owner extends FindingsOwner> implements vscode.CodeActionProvider, vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('patchworks-compare-schema');
  private readonly published = new Map<string, Published<Owner>>();
  private readonly disposables: vscode.Disposable[];

  /** @param updateCommand the command the quick fix runs, with the panel's target as its argument. */
  constructor(private readonly updateCommand: string) {
    this.disposables = [
      this.collection,
      vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, this, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0) this.clearFor(event.document.uri);
      }),
    ];
  }

  /** Replaces the panel's findings with the answer's. */
  publish(owner: Owner, run: RunFile, answer: SchemaComparisonAnswer): void {
    this.clear(owner.target);
    const entry: Published<Owner> = {
      owner,
      run,
      byUri: new Map(),
      watched: new Set([key(owner.target.connectorUri), key(answer.schemaUri)]),
      fixable: new Set(),
    };
    for (const problem of schemaProblems(answer)) {
      const diagnostic = new vscode.Diagnostic(
        toRange(problem.range),
        problem.message,
        problem.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information,
      );
      diagnostic.source = COMPARE_SCHEMA_SOURCE;
      diagnostic.code = problem.kind;
      const list = entry.byUri.get(problem.uri) ?? [];
      list.push(diagnostic);
      entry.byUri.set(problem.uri, list);
      entry.watched.add(key(problem.uri));
      if (problem.fixable) entry.fixable.add(diagnostic);
    }
    this.published.set(panelKey(owner.target), entry);
    this.refresh(entry.byUri.keys());
  }

  /** The panel and run whose findings the quick fix for `target` acts on. */
  findings(target: RunTarget): { owner: Owner; run: RunFile } | undefined {
    const entry = this.published.get(panelKey(target));
    return entry && { owner: entry.owner, run: entry.run };
  }

  /** Drops the panel's findings (it closed, or compared again with no answer). */
  clear(target: RunTarget): void {
    const entry = this.published.get(panelKey(target));
    if (!entry) return;
    this.published.delete(panelKey(target));
    this.refresh(entry.byUri.keys());
  }

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const asked = context.diagnostics.filter((d) => d.source === COMPARE_SCHEMA_SOURCE);
    if (asked.length === 0) return [];
    const actions: vscode.CodeAction[] = [];
    for (const entry of this.published.values()) {
      const mine = entry.byUri.get(uriKeyIn(entry, document.uri)) ?? [];
      // The context's diagnostics are copies: matched by what they say and where.
      const matched = asked.filter((d) => mine.some((m) => entry.fixable.has(m) && m.message === d.message && m.range.isEqual(d.range)));
      if (matched.length === 0) continue;
      const action = new vscode.CodeAction('Update Schema from Run', vscode.CodeActionKind.QuickFix);
      action.diagnostics = matched;
      action.isPreferred = true;
      action.command = { command: this.updateCommand, title: 'Update Schema from Run', arguments: [entry.owner.target] };
      actions.push(action);
    }
    return actions;
  }

  dispose(): void {
    this.published.clear();
    for (const d of this.disposables) d.dispose();
  }

  private clearFor(uri: vscode.Uri): void {
    const edited = key(uri.toString());
    for (const entry of [...this.published.values()]) {
      if (entry.watched.has(edited)) this.clear(entry.owner.target);
    }
  }

  /** Sets each file's diagnostics to every panel's for it. */
  private refresh(uris: Iterable<string>): void {
    for (const uri of uris) {
      const all = [...this.published.values()].flatMap((e) => e.byUri.get(uri) ?? []);
      this.collection.set(vscode.Uri.parse(uri), all);
    }
  }
}

/** The published URI string matching a document's URI (the server and VS Code may encode a path differently). */
function uriKeyIn(entry: { byUri: Map<string, unknown> }, uri: vscode.Uri): string {
  const wanted = key(uri.toString());
  return [...entry.byUri.keys()].find((u) => key(u) === wanted) ?? uri.toString();
}

/** A URI compared as VS Code prints it (the server may percent-encode what VS Code does not, or the other way). */
function key(uri: string): string {
  return vscode.Uri.parse(uri).toString();
}

function panelKey(target: RunTarget): string {
  return `${target.connectorUri}#${target.endpointId}`;
}

function toRange(range: LspRange): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}
