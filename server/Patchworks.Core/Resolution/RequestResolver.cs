using Patchworks.Core.Model;
using Patchworks.Core.Syntax;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Resolution;

/// <summary>What a resolution may use besides the connector and the instance.</summary>
public sealed class ResolveOptions
{
    /// <summary>Values for this request only (--var key=value); they win over everything. Keys may be meta.name for [[meta.name]].</summary>
    public IReadOnlyDictionary<string, string> AdHocValues { get; init; } = new Dictionary<string, string>();

    /// <summary>Values known only at run time: the token ("token" or the method's token variable), pagination built-ins ("pagination.page").</summary>
    public IReadOnlyDictionary<string, string> RuntimeValues { get; init; } = new Dictionary<string, string>();

    public ISecretProvider Secrets { get; init; } = EnvironmentSecretProvider.Instance;

    /// <summary>Put real secret values in the result (for sending). Off: every secret shows as <see cref="RequestResolver.Mask"/>.</summary>
    public bool RevealSecrets { get; init; }
}

/// <summary>The request cannot be resolved at all (no such endpoint); the message says why.</summary>
public sealed class ResolutionException(string message) : Exception(message);

/// <summary>
/// Builds an endpoint's request from the connector, an instance and ad hoc values, recording where every
/// value came from. The precedence (docs/variable-resolution.md): ad hoc, instance endpoint values, instance
/// secrets, instance values, the variable's default, run-time values; otherwise the placeholder is missing.
/// </summary>
public sealed partial class RequestResolver
{
    public const string Mask = "••••••";
    private const int MaxDefaultDepth = 8;

    private readonly Connector _connector;
    private readonly Endpoint _endpoint;
    private readonly AuthMethod? _auth;
    private readonly Instance? _instance;
    private readonly ResolveOptions _options;
    private readonly Dictionary<string, string> _runtime;
    private readonly List<PlaceholderValue> _placeholders = [];
    private readonly HashSet<string> _seenPlaceholders = new(StringComparer.Ordinal);
    private readonly List<string> _warnings = [];

    private RequestResolver(Connector connector, Endpoint endpoint, AuthMethod? auth, Instance? instance, ResolveOptions options)
    {
        _connector = connector;
        _endpoint = endpoint;
        _auth = auth;
        _instance = instance;
        _options = options;
        _runtime = new Dictionary<string, string>(options.RuntimeValues, StringComparer.Ordinal);
    }

    public static ResolvedRequest Resolve(ConnectorDocument connector, string endpointId, Instance? instance, ResolveOptions? options = null)
    {
        var model = connector.Model;
        var endpoint = model.FindEndpoint(endpointId) ?? throw new ResolutionException(
            $"The connector has no endpoint \"{endpointId}\". Endpoints: {string.Join(", ", model.Endpoints.Select(e => e.Id).OfType<string>())}.");
        if (endpoint.Url is null || endpoint.HttpMethod is null)
        {
            throw new ResolutionException($"The endpoint \"{endpointId}\" has no {(endpoint.Url is null ? "url" : "method")}.");
        }
        var auth = ChooseAuthMethod(model, endpoint, instance, out var authWarning);
        var resolver = new RequestResolver(model, endpoint, auth, instance, options ?? new ResolveOptions());
        if (authWarning is not null)
        {
            resolver._warnings.Add(authWarning);
        }
        return resolver.Build();
    }

    private ResolvedRequest Build()
    {
        AddPaginationRuntimeValues();

        var baseUrl = ResolveTemplate(_endpoint.Url!.Value);
        var query = new List<ResolvedParameter>();
        var headers = new List<ResolvedParameter>();

        AddParameters(_endpoint.Query, query, "endpoint query");
        AddPaginationQuery(query);
        if (_auth is not null)
        {
            AddParameters(_auth.Headers.Where(SentWithEndpoints), headers, $"auth method '{_auth.Id}' header");
        }
        AddParameters(_endpoint.Headers, headers, "endpoint header");

        var body = BuildBody();
        if (!_endpoint.DisableAutomaticHeaders)
        {
            AddAutomaticHeaders(headers, query, body);
        }

        return new ResolvedRequest
        {
            EndpointId = _endpoint.Id!,
            Method = _endpoint.HttpMethod!,
            BaseUrl = baseUrl,
            Url = ComposeUrl(baseUrl.Text, query),
            Query = query,
            Headers = headers,
            Body = body,
            AuthMethodId = _auth?.Id,
            AuthType = _auth?.Type,
            InstanceName = _instance?.Name,
            Placeholders = _placeholders,
            Warnings = _warnings,
        };
    }
}
