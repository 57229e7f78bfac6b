using Patchworks.Core.Model;
using Patchworks.Core.Text;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Classification;

public enum PlaceholderPartKind
{
    /// <summary>{{ }} [[ ]]: the delimiters.</summary>
    Delimiter,
    /// <summary>The key of a {{key}}.</summary>
    Variable,
    /// <summary>The name of a [[pagination.x]] or [[meta.x]].</summary>
    Builtin,
}

/// <summary>One classified piece of a placeholder, for syntax colouring.</summary>
public sealed record PlaceholderPart(TextSpan Span, PlaceholderPartKind Kind, bool IsToken = false);

/// <summary>Splits every well-formed placeholder written in a connector file into delimiters and name, in text order.</summary>
public static class PlaceholderClassifier
{
    /// <param name="within">Only the placeholders that overlap this span (an editor's visible range), when given.</param>
    public static IReadOnlyList<PlaceholderPart> Classify(ConnectorDocument document, TextSpan? within = null)
    {
        var parts = new List<PlaceholderPart>();
        var references = document.Index.References.Where(r => r.FilePath == document.FilePath);
        if (within is { } range)
        {
            references = references.Where(r => r.Span.Start < range.End && r.Span.End > range.Start);
        }
        foreach (var reference in references.OrderBy(r => r.Span.Start))
        {
            var token = reference.Token;
            if (token.IsUnclosed || token.Problem is not null)
            {
                continue;
            }
            var isBuiltin = token.Kind == PlaceholderKind.Builtin;
            parts.Add(new PlaceholderPart(TextSpan.FromBounds(reference.Span.Start, reference.NameSpan.Start), PlaceholderPartKind.Delimiter));
            parts.Add(new PlaceholderPart(reference.NameSpan, isBuiltin ? PlaceholderPartKind.Builtin : PlaceholderPartKind.Variable,
                reference.Target?.Level == VariableLevel.AuthToken));
            parts.Add(new PlaceholderPart(TextSpan.FromBounds(reference.NameSpan.End, reference.Span.End), PlaceholderPartKind.Delimiter));
        }
        return parts;
    }
}
