namespace Patchworks.Core.Resolution;

/// <summary>Where a placeholder's value came from, in precedence order (the first that has a value wins).</summary>
public enum ValueSourceKind
{
    /// <summary>Given for this request only: --var key=value, or the runner's form.</summary>
    AdHoc,
    /// <summary>The instance's endpointValues for this endpoint.</summary>
    InstanceEndpointValue,
    /// <summary>The instance's secrets: a reference resolved from the environment or secret storage.</summary>
    InstanceSecret,
    /// <summary>The instance's values.</summary>
    InstanceValue,
    /// <summary>The variable's default in the connector.</summary>
    Default,
    /// <summary>Set at run time: the auth token, the first page's pagination values.</summary>
    Runtime,
    /// <summary>Nothing gave a value.</summary>
    Missing,
}

/// <summary>The value of one placeholder and where it came from.</summary>
public sealed record PlaceholderValue(string Placeholder, string DisplayValue, ValueSourceKind Source, string SourceDescription, bool IsSecret)
{
    /// <summary>What the variable is ("connector variable", "auth variable of 'x'"), or null for built-ins and unknown keys.</summary>
    public string? Definition { get; init; }
}

/// <summary>A resolved template: its text with placeholders replaced (secrets masked unless revealed) and the values used.</summary>
public sealed record ResolvedText(string Text, IReadOnlyList<PlaceholderValue> Values)
{
    public bool HasMissing => Values.Any(v => v.Source == ValueSourceKind.Missing);

    public bool IsSecret => Values.Any(v => v.IsSecret);
}

/// <summary>One query parameter or header of a resolved request, and which part of the connector put it there.</summary>
public sealed record ResolvedParameter(string Name, ResolvedText Value, string Origin);
