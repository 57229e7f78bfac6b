namespace Patchworks.LanguageServer.Protocol;

public sealed record CodeLensParams(TextDocumentIdentifier TextDocument);

public sealed record CodeLens(LspRange Range, Command? Command);

public sealed record CodeLensOptions(bool ResolveProvider);
