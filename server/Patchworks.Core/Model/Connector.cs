using Patchworks.Core.Syntax;

namespace Patchworks.Core.Model;

/// <summary>A connector file's typed view. Fields the text lacks or mistypes are null; the schema reports them.</summary>
public sealed class Connector
{
    public required string FilePath { get; init; }
    public required SyntaxTree Tree { get; init; }
    public ObjectSyntax? Syntax { get; init; }
    public string? Name { get; init; }
    public int? VersionNumber { get; init; }
    public string? VersionName { get; init; }
    public string? Description { get; init; }
    public string? SystemType { get; init; }
    public string? Protocol { get; init; }
    public FileReference? Icon { get; init; }
    public string? Colour { get; init; }
    public string? DateFormat { get; init; }
    public RateLimit? RateLimit { get; init; }
    public string? HelpLink { get; init; }
    public IReadOnlyList<VariableDefinition> Variables { get; init; } = [];
    public IReadOnlyList<AuthMethod> AuthMethods { get; init; } = [];
    public IReadOnlyList<Endpoint> Endpoints { get; init; } = [];

    /// <summary>"api" (also when absent) or "event"; as written, so a mistyped kind is neither.</summary>
    public string Kind { get; init; } = ApiKind;
    public StringSyntax? KindSyntax { get; init; }

    /// <summary>Event connectors: the broker and the listeners (docs/events.md).</summary>
    public Broker? Broker { get; init; }
    public IReadOnlyList<Listener> Listeners { get; init; } = [];

    public const string ApiKind = "api";
    public const string EventKind = "event";

    public bool IsEvent => Kind == EventKind;

    public string Directory => Path.GetDirectoryName(FilePath) ?? ".";

    /// <summary>The auth method with this id, or null. By index: the index resolves every endpoint's placeholders through it at every edit.</summary>
    public AuthMethod? FindAuthMethod(string id)
    {
        for (var i = 0; i < AuthMethods.Count; i++)
        {
            if (AuthMethods[i].Id == id)
            {
                return AuthMethods[i];
            }
        }
        return null;
    }

    public Endpoint? FindEndpoint(string id) => Endpoints.FirstOrDefault(e => e.Id == id);

    public Listener? FindListener(string id) => Listeners.FirstOrDefault(l => l.Id == id);

    /// <summary>The auth methods that apply to an endpoint: those it names, or all when it names none.</summary>
    public IEnumerable<AuthMethod> AuthMethodsFor(Endpoint endpoint) => endpoint.AuthMethodRefs is { } refs
        ? refs.Select(r => FindAuthMethod(r.Value)).OfType<AuthMethod>()
        : AuthMethods;

    /// <summary>Every file the connector names, for loading and for the missing-file rule.</summary>
    public IEnumerable<FileReference> FileReferences()
    {
        foreach (var auth in AuthMethods)
        {
            if (auth.SoapEnvelopeFile is { } envelope) yield return envelope;
            if (auth.PreRequestScript?.File is { } pre) yield return pre;
            if (auth.PostRequestScript?.File is { } post) yield return post;
        }
        foreach (var endpoint in Endpoints)
        {
            if (endpoint.SchemaFile is { } schema) yield return schema;
            if (endpoint.SampleBodyFile is { } sample) yield return sample;
            if (endpoint.Pagination?.Script?.File is { } script) yield return script;
        }
        foreach (var listener in Listeners)
        {
            if (listener.Message.SchemaFile is { } schema) yield return schema;
            if (listener.Message.SampleBodyFile is { } sample) yield return sample;
        }
    }
}

/// <summary>A number of requests per period.</summary>
public sealed record RateLimit(int Requests, string Per);
