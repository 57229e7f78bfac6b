// The icon field's value for an image chosen in a file dialog: its path relative to the folder the connector
// file goes in, as the server resolves it (IconRules: relative to the connector's file), with forward slashes.
import * as path from 'node:path';
import { isUnder } from '../files/referencedFile';

/** The extensions the dialog offers: the schema's pattern (.jpg/.jpeg, .gif, .png, .svg). */
export const iconExtensions = ['svg', 'png', 'jpg', 'jpeg', 'gif'];

/**
 * `connectorFolder`, `workspaceFolder` and `chosen` are POSIX paths (a URI's path). An image outside the
 * workspace folder is refused: the file would name it by a path that leaves the project (../../..), which
 * holds on this machine only.
 */
export function iconPathFor(connectorFolder: string, workspaceFolder: string, chosen: string): { value: string } | { error: string } {
  if (chosen === workspaceFolder || !isUnder(chosen, workspaceFolder, path.posix)) return { error: 'Choose an image inside the workspace folder: the connector names its icon by a path relative to itself.' };
  if (!iconExtensions.some((e) => chosen.toLowerCase().endsWith(`.${e}`))) return { error: 'The icon must be a .jpg, .gif, .png or .svg file.' };
  return { value: path.posix.relative(connectorFolder, chosen) };
}

/** An image chosen in the dialog: where it is, and the value the field was given for it. */
export interface IconChoice {
  absolute: string;
  value: string;
}

/**
 * The icon field's new value once the connector's folder has moved (its name or "Save as" changed after the
 * image was chosen): the same image, named from the new folder. Undefined when nothing is to change, or when the
 * person has typed their own value since.
 */
export function followIcon(choice: IconChoice | undefined, fieldValue: unknown, connectorFolder: string): string | undefined {
  if (!choice || fieldValue !== choice.value) return undefined;
  const value = path.posix.relative(connectorFolder, choice.absolute);
  return value === choice.value ? undefined : value;
}
