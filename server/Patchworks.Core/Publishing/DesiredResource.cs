using System.Text.Json.Nodes;
using Patchworks.Core.Syntax;

namespace Patchworks.Core.Publishing;

/// <summary>The kinds of Core API resource a connector publishes to, with their collection paths.</summary>
public enum ResourceKind
{
    SystemTemplate,
    AuthenticationImplementation,
    Endpoint,
    Variable,
    RequestOption,
}

/// <summary>
/// One Core API resource as the connector file says it should be: its fields (API names), where each came from
/// in the file (for 422 errors), and its children. <see cref="Key"/> is stable across runs: the sidecar keeps the
/// remote id under it.
/// </summary>
public sealed class DesiredResource
{
    public required ResourceKind Kind { get; init; }

    /// <summary>"template", "auth:admin-token", "endpoint:admin-token/list-products", "auth:admin-token/variable:access_token"...</summary>
    public required string Key { get; init; }

    /// <summary>How the plan names it: "endpoint 'list-products' (auth 'admin-token')".</summary>
    public required string Label { get; init; }

    /// <summary>The field that identifies it among its siblings when no id is stored (name, key, or type + key).</summary>
    public required string MatchValue { get; init; }

    public required JsonObject Fields { get; init; }

    /// <summary>The file node each API field came from; a field missing here maps to the resource's own node.</summary>
    public Dictionary<string, SyntaxNode> Sources { get; } = new(StringComparer.Ordinal);

    /// <summary>The resource's own place in the file (its object), for errors about fields it lacks.</summary>
    public SyntaxNode? Node { get; init; }

    public List<DesiredResource> Children { get; } = [];

    public IEnumerable<DesiredResource> SelfAndDescendants() => Children.SelectMany(c => c.SelfAndDescendants()).Prepend(this);
}

/// <summary>Something in the file that the documented Core API has no field for: left out of the payload.</summary>
public sealed record NotPublished(string Where, string What, string Why);
