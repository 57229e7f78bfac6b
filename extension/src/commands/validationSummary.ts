// "3 errors, 1 warning in 2 files": the summary Validate Workspace reports. No `vscode` import.

export interface FileDiagnosticCounts {
  readonly errors: number;
  readonly warnings: number;
}

export function summarizeValidation(files: readonly FileDiagnosticCounts[]): string {
  const errors = files.reduce((n, f) => n + f.errors, 0);
  const warnings = files.reduce((n, f) => n + f.warnings, 0);
  const withProblems = files.filter((f) => f.errors + f.warnings > 0).length;
  const checked = `${plural(files.length, 'file')} checked`;
  if (errors + warnings === 0) return `No errors or warnings: ${checked}.`;
  return `${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(withProblems, 'file')} (${checked}).`;
}

export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
