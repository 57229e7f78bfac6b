namespace Patchworks.LanguageServer.Protocol;

public sealed record SemanticTokensLegend(IReadOnlyList<string> TokenTypes, IReadOnlyList<string> TokenModifiers);

public sealed record SemanticTokensOptions(SemanticTokensLegend Legend, bool Full, bool Range = false);

public sealed record SemanticTokensParams(TextDocumentIdentifier TextDocument);

public sealed record SemanticTokensRangeParams(TextDocumentIdentifier TextDocument, LspRange Range);

/// <summary>Five integers per token: delta line, delta start character, length, type index, modifier bits.</summary>
public sealed record SemanticTokens(IReadOnlyList<int> Data);
