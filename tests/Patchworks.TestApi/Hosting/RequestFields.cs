using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Patchworks.TestApi.Hosting;

/// <summary>
/// The name/value fields of a token request body, sent as a form (the OAuth 2 standard) or as a JSON object
/// (which Shopware also accepts): the token endpoints read both the same way.
/// </summary>
public static class RequestFields
{
    public static async Task<IReadOnlyDictionary<string, string>> ReadAsync(HttpRequest request)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            return form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        }
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            return document.RootElement.ValueKind != JsonValueKind.Object
                ? new Dictionary<string, string>()
                : document.RootElement.EnumerateObject().ToDictionary(
                    p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText(), StringComparer.Ordinal);
        }
        catch (JsonException)
        {
            return new Dictionary<string, string>();
        }
    }

    /// <summary>The body as JSON, or null when it is not JSON: a bad body is the client's error, never a 500.</summary>
    public static async Task<System.Text.Json.Nodes.JsonNode?> ReadJsonAsync(HttpRequest request)
    {
        try
        {
            return await System.Text.Json.Nodes.JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string? Get(this IReadOnlyDictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out var value) ? value : null;
}
