using Patchworks.Core.Classification;
using Patchworks.Core.Tests.Infrastructure;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Tests.Classification;

public sealed class PlaceholderClassifierTests
{
    [Fact]
    public void Well_formed_placeholders_split_into_delimiters_and_name_and_malformed_ones_are_left_alone()
    {
        var text = Fixtures.Edit(Fixtures.Connector, ("\"value\": \"{{status}}\"", "\"value\": \"{{ status }}[[pagination.page]]{{status}}\""));
        var document = ConnectorDocument.Create("/x/" + Fixtures.ConnectorFile, text, new InMemoryFileSystem());
        var parts = PlaceholderClassifier.Classify(document).Select(p => (text.Substring(p.Span.Start, p.Span.Length), p.Kind)).ToList();
        var query = parts.SkipWhile(p => p.Item1 != "pagination.page").Take(5).ToList();
        Assert.Equal(
            [("pagination.page", PlaceholderPartKind.Builtin), ("]]", PlaceholderPartKind.Delimiter), ("{{", PlaceholderPartKind.Delimiter),
             ("status", PlaceholderPartKind.Variable), ("}}", PlaceholderPartKind.Delimiter)],
            query);
        Assert.DoesNotContain(parts, p => p.Item1.Contains(' ', StringComparison.Ordinal));
    }
}
