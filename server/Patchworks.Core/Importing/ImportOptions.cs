namespace Patchworks.Core.Importing;

/// <summary>What the user asked for besides the source: a name, an environment's values, a filter.</summary>
public sealed class ImportOptions
{
    /// <summary>--name: the connector's name (and file slug) instead of the source's.</summary>
    public string? Name { get; init; }

    /// <summary>--only: a glob (* and ?) over "Folder/Sub/Request name"; requests that do not match are left out.</summary>
    public string? Only { get; init; }

    /// <summary>Values of an environment (Postman environment file), by the source's variable names.</summary>
    public IReadOnlyList<EnvironmentValue> Environment { get; init; } = [];

    /// <summary>Variable keys the connector being merged into defines already: placeholders of these names are theirs.</summary>
    public IReadOnlySet<string> ExistingVariables { get; init; } = new HashSet<string>(StringComparer.Ordinal);
}

/// <summary>One value of an environment file.</summary>
public sealed record EnvironmentValue(string Name, string Value, bool MarkedSecret, string Location);
