// Reading an answer from the server by its wire type's names. No `vscode` import: webview bundles use it too.

/**
 * An answer from the server (untrusted: each field still checked) indexed by the keys of its wire type `T`, so a
 * field read under a name `T` lacks fails the typecheck; the server's tests check `T` against what it sends
 * (TypeScriptShapes). A rename on either side fails one or the other.
 */
export type WireFields<T> = Partial<Record<keyof T, unknown>>;
