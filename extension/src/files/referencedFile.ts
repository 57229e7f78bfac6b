// Reading a file a connector names, in the extension (Compare Schema reads the endpoint's schema file). A connector
// is untrusted input, as the server's WorkspaceBoundary treats it: the file must lie, links followed, under the
// root folder given (the workspace folder holding the connector), and be a regular file of bounded size. A FIFO
// would block the read, /dev/zero would never end, and "../../.ssh/id_rsa" must never be read. No `vscode`.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The largest referenced file read, as the server's ReferenceLoader.MaxReferencedFileBytes. */
export const MAX_REFERENCED_FILE_BYTES = 10 * 1024 * 1024;

export class RefusedReference extends Error {}

/** Whether `file` is `folder` or lies below it, by path (a file named "..x" inside is inside). `paths` is path.posix for URI paths. */
export function isUnder(file: string, folder: string, paths: typeof path.posix = path): boolean {
  const relative = paths.relative(folder, paths.resolve(folder, file));
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${paths.sep}`) && !paths.isAbsolute(relative));
}

/**
 * The text of `reference` (as written in the connector) seen from the connector's folder, when it lies under `root`
 * and is a regular file; otherwise throws a RefusedReference saying why, without opening it.
 */
export function readReferencedFile(connectorFolder: string, reference: string, root: string): string {
  const lexical = path.resolve(connectorFolder, reference);
  if (!isUnder(lexical, root)) {
    throw new RefusedReference(`"${reference}" is outside the workspace (${root}); files outside it are never read.`);
  }
  let real: string;
  try {
    real = fs.realpathSync(lexical);
  } catch {
    throw new RefusedReference(`"${reference}" does not exist.`);
  }
  const realRoot = fs.realpathSync(root);
  if (!isUnder(real, realRoot)) {
    throw new RefusedReference(`"${reference}" is a link to ${real}, outside the workspace (${root}); it is never read.`);
  }
  const stat = fs.statSync(real);
  if (!stat.isFile()) {
    throw new RefusedReference(`"${reference}" is not a regular file (a directory, FIFO, device or socket); it is never opened.`);
  }
  if (stat.size > MAX_REFERENCED_FILE_BYTES) {
    throw new RefusedReference(`"${reference}" is ${stat.size} bytes; a referenced file may have at most ${MAX_REFERENCED_FILE_BYTES}.`);
  }
  const handle = fs.openSync(real, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  try {
    const buffer = Buffer.alloc(stat.size);
    const read = fs.readSync(handle, buffer, 0, stat.size, 0);
    return buffer.subarray(0, read).toString('utf8');
  } finally {
    fs.closeSync(handle);
  }
}

/** The largest connector or instance file the extension reads itself, as the server's ConnectorWorkspace.MaxDocumentBytes. */
export const MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;

/**
 * Why a workspace file named like a connector or instance must not be read (a FIFO would block the read and the
 * extension host's file thread forever; a device never ends), or undefined when it is a regular file of bounded
 * size. `type` and `size` are a FileStat's (vscode.FileType: File = 1, Directory = 2, SymbolicLink = 64; a FIFO,
 * device or socket is Unknown = 0).
 */
export function unreadableReason(stat: { type: number; size: number }): string | undefined {
  if ((stat.type & 1) === 0) return (stat.type & 2) !== 0 ? 'a directory' : 'not a regular file (a FIFO, device or socket)';
  if (stat.size > MAX_DOCUMENT_BYTES) return `${stat.size} bytes, more than ${MAX_DOCUMENT_BYTES}`;
  return undefined;
}
