using Patchworks.Core.Syntax;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Model;

/// <summary>One "key": "value" entry of an instance's values, secrets or endpoint values.</summary>
public sealed record InstanceEntry(string Key, StringSyntax KeySyntax, string? Value, SyntaxNode? ValueSyntax);

/// <summary>An instance file's typed view.</summary>
public sealed class Instance
{
    public const string DefaultCompanyGroup = "Default";

    public required string FilePath { get; init; }
    public required SyntaxTree Tree { get; init; }
    public ObjectSyntax? Syntax { get; init; }
    public string? Name { get; init; }
    public string? ConnectorPath { get; init; }
    public StringSyntax? ConnectorSyntax { get; init; }
    public string? Environment { get; init; }
    public StringSyntax? EnvironmentSyntax { get; init; }
    public string CompanyGroup { get; init; } = DefaultCompanyGroup;
    public string? TimeZone { get; init; }
    public StringSyntax? TimeZoneSyntax { get; init; }
    public string? DateFormat { get; init; }
    public RateLimit? RateLimit { get; init; }
    public string? AuthMethodId { get; init; }
    public StringSyntax? AuthMethodSyntax { get; init; }
    public IReadOnlyList<InstanceEntry> Values { get; init; } = [];
    public IReadOnlyList<InstanceEntry> Secrets { get; init; } = [];
    public IReadOnlyDictionary<string, (StringSyntax KeySyntax, IReadOnlyList<InstanceEntry> Values)> EndpointValues { get; init; } =
        new Dictionary<string, (StringSyntax, IReadOnlyList<InstanceEntry>)>();

    /// <summary>The connector file's absolute path, resolved against the instance's folder.</summary>
    public string? ConnectorFullPath => ConnectorPath is null
        ? null
        : RelativePath.Resolve(Path.GetDirectoryName(FilePath) ?? ".", ConnectorPath);
}
