using System.Text.Json.Nodes;

namespace Patchworks.Core.Publishing;

/// <summary>One of the Core API's reference lists (A2): { id, name } items, names matched case-insensitively.</summary>
public sealed record ReferenceList(string Path, IReadOnlyList<(JsonNode Id, string Name)> Items)
{
    /// <summary>The id of the item with this name (ignoring case), or null.</summary>
    public JsonNode? Find(string name) =>
        Items.FirstOrDefault(i => string.Equals(i.Name, name.Trim(), StringComparison.OrdinalIgnoreCase)).Id;
}

/// <summary>The system types, entity types and authentication types, read once per plan (every page).</summary>
public sealed record ReferenceLists(ReferenceList SystemTypes, ReferenceList EntityTypes, ReferenceList AuthenticationTypes)
{
    public static async Task<ReferenceLists> ReadAsync(CoreApiClient api, CoreApiAssumptions assumptions, CancellationToken cancellationToken) => new(
        await ReadAsync(api, assumptions.SystemTypesPath, cancellationToken).ConfigureAwait(false),
        await ReadAsync(api, assumptions.EntityTypesPath, cancellationToken).ConfigureAwait(false),
        await ReadAsync(api, assumptions.AuthenticationTypesPath, cancellationToken).ConfigureAwait(false));

    private static async Task<ReferenceList> ReadAsync(CoreApiClient api, string path, CancellationToken cancellationToken)
    {
        var items = await api.ListAsync(path, new Dictionary<string, string>(), cancellationToken).ConfigureAwait(false);
        return new ReferenceList(path, [.. items
            .Where(i => i["id"] is not null && i["name"] is JsonValue)
            .Select(i => (i["id"]!.DeepClone(), i["name"]!.ToString()))]);
    }
}
