// Writing a wizard's file: never over an existing file without the user's yes, folders created as needed,
// and the result opened in the editor.
import * as vscode from 'vscode';

export async function writeNewFile(target: vscode.Uri, text: string): Promise<boolean> {
  if (await exists(target)) {
    const overwrite = 'Overwrite';
    const answer = await vscode.window.showWarningMessage(
      `${vscode.workspace.asRelativePath(target)} already exists. Overwrite it?`, { modal: true }, overwrite);
    if (answer !== overwrite) return false;
  }
  await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(target, '..'));
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  await vscode.window.showTextDocument(target, { preview: false });
  return true;
}

export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** A path the user typed, relative to a folder; refuses one that climbs out of it with "..". */
export function resolveInside(folder: vscode.Uri, relative: string): vscode.Uri {
  const parts = relative.replace(/\\/g, '/').split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) throw new Error(`"${relative}" leaves the folder; give a path inside it.`);
  return vscode.Uri.joinPath(folder, ...parts);
}
