using Patchworks.Core.Syntax;

namespace Patchworks.Core.Model;

public enum ParameterLocation
{
    Query,
    Header,
    Body,
}

/// <summary>A key/value pair sent with a request: always when required, as a filter otherwise.</summary>
public sealed class Parameter
{
    public required ParameterLocation Location { get; init; }
    public required string Key { get; init; }
    public StringSyntax? KeySyntax { get; init; }
    public string? Value { get; init; }
    public StringSyntax? ValueSyntax { get; init; }
    public string? DisplayName { get; init; }
    public bool Required { get; init; }
    public required ObjectSyntax Syntax { get; init; }

    public string LocationName => Location switch
    {
        ParameterLocation.Query => "query",
        ParameterLocation.Header => "header",
        _ => "body",
    };
}

/// <summary>A file beside the connector, named by a relative path.</summary>
public sealed class FileReference
{
    public required string RelativePath { get; init; }

    /// <summary>The string holding the path, where diagnostics about the file point.</summary>
    public required StringSyntax PathSyntax { get; init; }

    /// <summary>The absolute path, resolved against the connector's folder.</summary>
    public required string FullPath { get; init; }

    /// <summary>The file's text once loaded; null when it is missing or unreadable (see <see cref="LoadError"/>).</summary>
    public string? Text { get; internal set; }

    /// <summary>Why the file could not be read, or null.</summary>
    public string? LoadError { get; internal set; }

    public bool Exists { get; internal set; }

    /// <summary>
    /// Why the file is not read although something is at its path: outside the workspace, not a regular file, too
    /// large. The runner, the resolver and publishing refuse to use a refused reference.
    /// </summary>
    public Workspace.ReferenceRefusal? Refusal { get; internal set; }

    /// <summary>For JSON files: the parsed tree.</summary>
    public SyntaxTree? Tree { get; internal set; }

    /// <summary>Shares what another reference to the same file loaded.</summary>
    /// <summary>A reference nothing was read for: what <see cref="CopyContentFrom"/> resets a reference to before it is read again.</summary>
    internal static readonly FileReference Unread = new() { RelativePath = "", FullPath = "", PathSyntax = null! };

    internal void CopyContentFrom(FileReference other)
    {
        Exists = other.Exists;
        Text = other.Text;
        LoadError = other.LoadError;
        Refusal = other.Refusal;
        Tree = other.Tree;
    }
}

/// <summary>A script: inline source, or a file reference.</summary>
public sealed class ScriptSource
{
    public StringSyntax? Inline { get; init; }
    public FileReference? File { get; init; }

    public string? Text => Inline?.Value ?? File?.Text;
}
