// Files a connector or the workspace names, as the extension checks them before reading. A connector is untrusted
// input, as the server's WorkspaceBoundary treats it: a path must lie under its folder, and a workspace file be a
// regular file of bounded size (a FIFO would block the read, /dev/zero would never end). The endpoint's schema file
// is read by the server only (patchworks/compareSchema, patchworks/updateSchemaFromRun). No `vscode`.
import * as path from 'node:path';

/** Whether `file` is `folder` or lies below it, by path (a file named "..x" inside is inside). `paths` is path.posix for URI paths. */
export function isUnder(file: string, folder: string, paths: typeof path.posix = path): boolean {
  const relative = paths.relative(folder, paths.resolve(folder, file));
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${paths.sep}`) && !paths.isAbsolute(relative));
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
