using Patchworks.Core.Text;

namespace Patchworks.Core.Diagnostics;

/// <summary>Collects the diagnostics of one file, turning spans into ranges with the file's line index.</summary>
public sealed class DiagnosticBag(string filePath, LineIndex lines)
{
    private readonly List<Diagnostic> _items = [];

    public string FilePath { get; } = filePath;

    public LineIndex Lines { get; } = lines;

    public IReadOnlyList<Diagnostic> Items => _items;

    public Diagnostic Add(DiagnosticDescriptor descriptor, TextSpan span, params object?[] args) =>
        AddMessage(descriptor, span, descriptor.Format(args));

    public Diagnostic AddMessage(DiagnosticDescriptor descriptor, TextSpan span, string message)
    {
        var diagnostic = new Diagnostic(descriptor, FilePath, span, Lines.GetRange(span), PrintableText.Escape(message));
        _items.Add(diagnostic);
        return diagnostic;
    }

    /// <summary>Adds a diagnostic built elsewhere, such as one with related locations or a different file.</summary>
    public void Add(Diagnostic diagnostic) => _items.Add(diagnostic);

    /// <summary>Replaces the last diagnostic added with an amended copy (related locations, data, tags).</summary>
    public void AmendLast(Func<Diagnostic, Diagnostic> amend) => _items[^1] = amend(_items[^1]);

    public RelatedLocation Related(TextSpan span, string message) => new(FilePath, Lines.GetRange(span), message);
}
