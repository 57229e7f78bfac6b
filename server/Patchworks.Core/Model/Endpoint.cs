using Patchworks.Core.Syntax;

namespace Patchworks.Core.Model;

/// <summary>An endpoint: one API call.</summary>
public sealed class Endpoint
{
    public required ObjectSyntax Syntax { get; init; }
    public string? Id { get; init; }
    public StringSyntax? IdSyntax { get; init; }
    public string? Name { get; init; }
    public string? EntityType { get; init; }
    public string? Direction { get; init; }
    public StringSyntax? DirectionSyntax { get; init; }
    public string? HttpMethod { get; init; }
    public StringSyntax? MethodSyntax { get; init; }
    public StringSyntax? Url { get; init; }
    public string DataType { get; init; } = "json";

    /// <summary>The auth method ids named; null when the endpoint names none, meaning all of them apply.</summary>
    public IReadOnlyList<StringSyntax>? AuthMethodRefs { get; init; }
    public IReadOnlyList<VariableDefinition> Variables { get; init; } = [];
    public IReadOnlyList<Parameter> Query { get; init; } = [];
    public IReadOnlyList<Parameter> Headers { get; init; } = [];
    public IReadOnlyList<Parameter> Body { get; init; } = [];
    public bool DisableAutomaticHeaders { get; init; }
    public string? DataPath { get; init; }

    /// <summary>The record schema when it is a file reference; an inline schema is <see cref="InlineSchema"/>.</summary>
    public FileReference? SchemaFile { get; init; }
    public ObjectSyntax? InlineSchema { get; init; }

    /// <summary>The sample body when it is a file reference; an inline one is <see cref="InlineSampleBody"/>.</summary>
    public FileReference? SampleBodyFile { get; init; }
    public SyntaxNode? InlineSampleBody { get; init; }
    public PropertySyntax? SampleBodyProperty { get; init; }
    public Pagination? Pagination { get; init; }

    /// <summary>A path whose presence with a non-empty value in a 2xx answer means the page failed (errorPath).</summary>
    public string? ErrorPath { get; init; }
    public StringSyntax? ErrorPathSyntax { get; init; }

    /// <summary>A condition on a 2xx answer that means the page failed (errorWhen).</summary>
    public ErrorCondition? ErrorWhen { get; init; }

    public bool IsSend => Direction == "send";
}

/// <summary>An endpoint's pagination block: its method and that method's options.</summary>
public sealed class Pagination
{
    public required ObjectSyntax Syntax { get; init; }
    public required PropertySyntax Property { get; init; }
    public string? Method { get; init; }
    public StringSyntax? MethodSyntax { get; init; }
    public ScriptSource? Script { get; init; }

    public string? GetString(string option) => (Syntax[option] as StringSyntax)?.Value;

    public int? GetInt(string option) => Syntax[option] is NumberSyntax n ? (int)Math.Clamp(n.Value, int.MinValue, int.MaxValue) : null;

    public bool GetBool(string option) => Syntax[option] is BooleanSyntax { Value: true };
}

/// <summary>
/// An endpoint's errorWhen: the page failed when the value at <see cref="Path"/> equals <see cref="EqualsText"/>
/// (a scalar, compared as text: "error", "false", "-1"), or, without equals, when it is present and not empty.
/// The message is the value at <see cref="MessagePath"/>, else the value at the path.
/// </summary>
public sealed class ErrorCondition
{
    public required ObjectSyntax Syntax { get; init; }
    public string? Path { get; init; }
    public StringSyntax? PathSyntax { get; init; }

    /// <summary>The equals value as text (a number as written, true/false); null when there is none.</summary>
    public string? EqualsText { get; init; }
    public SyntaxNode? EqualsSyntax { get; init; }
    public string? MessagePath { get; init; }
    public StringSyntax? MessagePathSyntax { get; init; }
}
