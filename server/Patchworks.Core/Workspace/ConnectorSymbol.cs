using Patchworks.Core.Model;
using Patchworks.Core.Syntax;
using Patchworks.Core.Text;

namespace Patchworks.Core.Workspace;

/// <summary>What a navigable name is.</summary>
public enum ConnectorSymbolKind
{
    Variable,
    AuthMethod,
    Endpoint,
    /// <summary>The connector file itself, which an instance's "connector" names.</summary>
    ConnectorFile,
}

/// <summary>A piece of a file: its offsets and its line/character range (UTF-16), so hosts need no line index of their own.</summary>
public sealed record SymbolLocation(string FilePath, TextSpan Span, TextRange Range)
{
    public static SymbolLocation Of(string filePath, TextSpan span, LineIndex lines) => new(filePath, span, lines.GetRange(span));

    /// <summary>The text between a string's quotes: the name itself, never the quotes.</summary>
    public static SymbolLocation Of(string filePath, StringSyntax name, LineIndex lines) => Of(filePath, name.ContentSpan, lines);
}

/// <summary>
/// A target of navigation: a variable, auth method or endpoint of a connector, or the connector file. Its
/// declaration is the name where it is defined (the variable's "key" string, the "id" string), or null when
/// the name is implicit (a token variable no "token.variable" declares).
/// </summary>
public sealed class ConnectorSymbol
{
    public required ConnectorSymbolKind Kind { get; init; }
    public required string Name { get; init; }

    /// <summary>The model object the symbol stands for (a <see cref="VariableDefinition"/>, <see cref="AuthMethod"/>, <see cref="Endpoint"/>), for identity.</summary>
    public required object Model { get; init; }

    public required string ConnectorPath { get; init; }

    /// <summary>Where the name is defined; for an implicit one, the node that implies it (not renamable).</summary>
    public required SymbolLocation Declaration { get; init; }

    /// <summary>False when the declaration is not the name itself written as a string (an implicit token variable).</summary>
    public bool HasExplicitName { get; init; } = true;

    /// <summary>"connector", "auth method 'key'", "endpoint 'list'" for variables; the connector's name otherwise.</summary>
    public string? Container { get; init; }
}

/// <summary>One use of a symbol's name, anywhere: a {{key}}, a "uses" or "authMethods" item, an instance key or value.</summary>
public sealed record SymbolUse(ConnectorSymbol Target, SymbolLocation Location);
