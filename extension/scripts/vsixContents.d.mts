// Types of vsixContents.mjs for the TypeScript tests that import it.
export function zipEntryNames(buffer: Buffer): string[];
export function readVsixEntries(file: string): string[];
export function checkVsixEntries(entries: readonly string[], target: string): string[];
