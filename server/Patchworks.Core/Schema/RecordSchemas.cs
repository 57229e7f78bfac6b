using Patchworks.Core.Model;
using Patchworks.Core.Syntax;

namespace Patchworks.Core.Schema;

/// <summary>A record schema as connectors hold it (an endpoint's or a listener's message's): inline, or a file it names.</summary>
public static class RecordSchemas
{
    /// <summary>The schema compiled, or null when there is none or it cannot be read or compiled.</summary>
    public static SchemaNode? Compile(FileReference? file, ObjectSyntax? inline, Connector connector)
    {
        SyntaxTree? tree = file is not null
            ? file.Tree
            : inline is not null ? JsonParser.Parse(connector.Tree.Text.Substring(inline.Span.Start, inline.Span.Length)) : null;
        if (tree is null)
        {
            return null;
        }
        try
        {
            return SchemaCompiler.Compile(tree);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }
}
