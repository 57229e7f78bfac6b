using System.Text;
using Patchworks.Core.Model;
using Patchworks.Core.Syntax;

namespace Patchworks.Core.Workspace;

/// <summary>
/// A short Markdown summary of a symbol for hover where its name is used away from its definition (a tests file's
/// endpoint key): enough to tell which request it is without opening the connector.
/// </summary>
public static class SymbolSummary
{
    /// <summary>Descriptions longer than this are cut: hover is a glance, the connector has the rest.</summary>
    public const int MaxDescriptionChars = 300;

    /// <summary>The summary of an endpoint symbol (name, method and URL as written, description); null for other kinds.</summary>
    public static string? Markdown(ConnectorSymbol symbol)
    {
        if (symbol.Model is not Endpoint endpoint)
        {
            return null;
        }
        var text = new StringBuilder();
        text.Append("**").Append(symbol.Name).Append("**");
        if (endpoint.Name is { Length: > 0 } name)
        {
            text.Append(" — ").Append(name);
        }
        text.Append(symbol.Container is { } container ? $" · endpoint of {container}" : " · endpoint");
        var request = string.Join(' ', new[] { endpoint.HttpMethod, endpoint.Url?.Value }.Where(s => !string.IsNullOrEmpty(s)));
        if (request.Length > 0)
        {
            text.Append("\n\n```text\n").Append(request.Replace("```", "` ` `", StringComparison.Ordinal)).Append("\n```");
        }
        if (endpoint.Syntax["description"] is StringSyntax { Value.Length: > 0 } description)
        {
            var value = description.Value.Trim();
            text.Append("\n\n").Append(value.Length > MaxDescriptionChars ? value[..MaxDescriptionChars].TrimEnd() + "…" : value);
        }
        return text.ToString();
    }
}
