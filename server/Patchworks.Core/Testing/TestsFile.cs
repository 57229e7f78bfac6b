using Patchworks.Core.Syntax;

namespace Patchworks.Core.Testing;

/// <summary>
/// A connector's tests file (<c>name.tests.json</c> beside <c>name.connector.json</c>): per endpoint id, named cases,
/// each with its instance, values, limits and expectations. Every part keeps its syntax, so a failure points at the
/// expectation that failed (file, line, column).
/// </summary>
public sealed class TestsFile
{
    public const string Suffix = ".tests.json";

    public required string FilePath { get; init; }
    public required SyntaxTree Tree { get; init; }
    public ObjectSyntax? Syntax { get; init; }

    /// <summary>The connector file as written ("connector"), or null: then the connector of the same name beside the file.</summary>
    public string? ConnectorPath { get; init; }
    public StringSyntax? ConnectorSyntax { get; init; }

    /// <summary>The instance every case uses unless it names its own, as written (relative to this file).</summary>
    public string? InstancePath { get; init; }
    public StringSyntax? InstanceSyntax { get; init; }

    public IReadOnlyList<TestCase> Cases { get; init; } = [];

    /// <summary>The name reports give the connector: the file's name without ".tests.json".</summary>
    public string Name => Path.GetFileName(FilePath) is var name && name.EndsWith(Suffix, StringComparison.OrdinalIgnoreCase) ? name[..^Suffix.Length] : Path.GetFileNameWithoutExtension(FilePath);

    public string Directory => Path.GetDirectoryName(FilePath) ?? ".";

    /// <summary>The connector's absolute path: "connector" resolved against this file's folder, else NAME.connector.json beside it.</summary>
    public string ConnectorFullPath => Path.GetFullPath(Path.Combine(Directory, ConnectorPath ?? Name + Workspace.DocumentKinds.ConnectorSuffix));
}

/// <summary>One named case of one endpoint.</summary>
public sealed class TestCase
{
    public required string EndpointId { get; init; }
    public required StringSyntax EndpointSyntax { get; init; }
    public required string Name { get; init; }
    public required StringSyntax NameSyntax { get; init; }
    public required ObjectSyntax Syntax { get; init; }

    /// <summary>The tests file's tree: expected JSON values are read from its text as written.</summary>
    public required SyntaxTree Tree { get; init; }

    /// <summary>The case's own instance (relative to the tests file), or null for the file's.</summary>
    public string? InstancePath { get; init; }
    public StringSyntax? InstanceSyntax { get; init; }

    /// <summary>Values for this case only, as --var gives them: they win over the instance's.</summary>
    public IReadOnlyList<TestVariable> Variables { get; init; } = [];
    public int? MaxPages { get; init; }
    public int? MaxRecords { get; init; }
    public Expectations Expect { get; init; } = new();

    /// <summary>connector/endpoint/case, what --filter matches.</summary>
    public string FullName(TestsFile file) => $"{file.Name}/{EndpointId}/{Name}";
}

public sealed record TestVariable(string Key, StringSyntax KeySyntax, string Value);

/// <summary>What a case's run must show. Absent parts are not checked.</summary>
public sealed class Expectations
{
    public ObjectSyntax? Syntax { get; init; }

    /// <summary>The HTTP status (or one of the statuses) every page answered with.</summary>
    public IReadOnlyList<int>? Status { get; init; }
    public SyntaxNode? StatusSyntax { get; init; }
    public CountBounds? Records { get; init; }
    public CountBounds? Pages { get; init; }

    /// <summary>The run's stop reason (or one of them), as run results name it: completed, maxPages, endNotProven, httpError...</summary>
    public IReadOnlyList<string>? Stop { get; init; }
    public SyntaxNode? StopSyntax { get; init; }
    public bool? SchemaValid { get; init; }
    public SyntaxNode? SchemaValidSyntax { get; init; }
    public IReadOnlyList<(string Path, StringSyntax Syntax)> Fields { get; init; } = [];
    public double? MaxDurationMs { get; init; }
    public SyntaxNode? MaxDurationSyntax { get; init; }
    public IReadOnlyList<HeaderExpectation> Headers { get; init; } = [];
    public IReadOnlyList<RecordAssertion> Assertions { get; init; } = [];
}

/// <summary>A count between bounds: a number is exactly that; an object has min, max or exactly.</summary>
public sealed record CountBounds(SyntaxNode Syntax, int? Min, int? Max, int? Exactly)
{
    public SyntaxNode? MinSyntax { get; init; }
    public SyntaxNode? MaxSyntax { get; init; }
    public SyntaxNode? ExactlySyntax { get; init; }
}

/// <summary>A response header every page must carry: an exact value (case-sensitive), or "/regex/" that must match.</summary>
public sealed record HeaderExpectation(string Name, StringSyntax NameSyntax, string Expected, SyntaxNode ValueSyntax)
{
    public bool IsPattern => Expected.Length >= 2 && Expected[0] == '/' && Expected[^1] == '/';

    public string Pattern => Expected[1..^1];
}

/// <summary>
/// A check on a field of the records, at a path of the runner's path grammar (names and [n] indexes separated by
/// dots, relative to the record): every record must pass it, or with <see cref="Any"/> at least one.
/// </summary>
public sealed class RecordAssertion
{
    public required ObjectSyntax Syntax { get; init; }
    public string? Path { get; init; }
    public StringSyntax? PathSyntax { get; init; }
    public bool Any { get; init; }
    public SyntaxNode? EqualsValue { get; init; }
    public string? Matches { get; init; }
    public StringSyntax? MatchesSyntax { get; init; }
    public bool? Exists { get; init; }
    public string? Type { get; init; }
    public SyntaxNode? TypeSyntax { get; init; }
    public ArraySyntax? OneOf { get; init; }
}
