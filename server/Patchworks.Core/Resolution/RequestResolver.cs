using System.Text;
using Patchworks.Core.Model;
using Patchworks.Core.Schema;
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

    private static AuthMethod? ChooseAuthMethod(Connector connector, Endpoint endpoint, Instance? instance, out string? warning)
    {
        warning = null;
        var applicable = connector.AuthMethodsFor(endpoint).ToList();
        if (instance?.AuthMethodId is { } chosen)
        {
            var auth = connector.FindAuthMethod(chosen);
            if (auth is null)
            {
                warning = $"The instance's auth method \"{chosen}\" does not exist in the connector; the request is sent without authentication.";
            }
            else if (!applicable.Contains(auth))
            {
                warning = $"The endpoint does not list the instance's auth method \"{chosen}\"; it is used anyway, as the instance asks.";
            }
            return auth;
        }
        return applicable.FirstOrDefault();
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

    private static bool SentWithEndpoints(Parameter parameter) =>
        (parameter.Syntax["sendWith"] as StringSyntax)?.Value is null or "all" or "endpointRequests";

    private void AddParameters(IEnumerable<Parameter> parameters, List<ResolvedParameter> output, string origin)
    {
        foreach (var parameter in parameters)
        {
            // A filter's value may be given by its own key (a connection shape fills filters by name). It is secret
            // when that key is a secret variable's or the parameter's own template holds a secret.
            if (!parameter.Required && LookupGiven(parameter.Key) is { } given)
            {
                var secret = FindDefinition(parameter.Key)?.Secret == true || ResolveTemplate(parameter.Value ?? "", 0, record: false).IsSecret;
                output.Add(new ResolvedParameter(parameter.Key, Literal(given.Value, given.Source, given.Description, secret, parameter.Key), $"{origin} (filter)"));
                continue;
            }
            var value = ResolveTemplate(parameter.Value ?? "", 0, record: parameter.Required);
            if (!parameter.Required)
            {
                if (value.Text.Length == 0 || value.HasMissing)
                {
                    _warnings.Add($"The optional {parameter.LocationName} parameter \"{parameter.Key}\" has no value and is not sent.");
                    continue;
                }
                value.Values.ToList().ForEach(Record);
            }
            output.Add(new ResolvedParameter(parameter.Key, value, parameter.Required ? origin : $"{origin} (filter)"));
        }
    }

    /// <summary>A value given for a key directly: ad hoc, or the instance's endpoint values.</summary>
    private (string Value, ValueSourceKind Source, string Description)? LookupGiven(string key)
    {
        if (_options.AdHocValues.TryGetValue(key, out var adHoc))
        {
            return (adHoc, ValueSourceKind.AdHoc, "given for this request");
        }
        if (_instance is not null && _endpoint.Id is { } id && _instance.EndpointValues.TryGetValue(id, out var values)
            && values.Values.FirstOrDefault(e => e.Key == key)?.Value is { } endpointValue)
        {
            return (endpointValue, ValueSourceKind.InstanceEndpointValue, $"instance endpointValues.{id}.{key}");
        }
        return null;
    }

    private ResolvedText Literal(string value, ValueSourceKind source, string description, bool secret, string key)
    {
        var display = secret && !_options.RevealSecrets ? Mask : value;
        var placeholder = new PlaceholderValue(key, display, source, description, secret);
        return new ResolvedText(display, [placeholder]);
    }

    /// <summary>Replaces every placeholder of a template, recording each value and its source.</summary>
    public ResolvedText ResolveTemplate(string template) => ResolveTemplate(template, 0);

    /// <param name="record">False while trying a filter: its values are recorded only if it is sent.</param>
    private ResolvedText ResolveTemplate(string template, int depth, bool record = true)
    {
        var tokens = PlaceholderScanner.Scan(template);
        if (tokens.Count == 0)
        {
            return new ResolvedText(template, []);
        }
        var text = new StringBuilder();
        var values = new List<PlaceholderValue>();
        var last = 0;
        foreach (var token in tokens)
        {
            text.Append(template, last, token.Start - last);
            last = token.End;
            if (token.Problem is not null || token.IsUnclosed)
            {
                text.Append(template, token.Start, token.Length);
                continue;
            }
            var value = token.Kind == PlaceholderKind.Variable ? ResolveVariable(token.Name, depth) : ResolveBuiltin(token.Name);
            values.Add(value);
            if (record)
            {
                Record(value);
            }
            text.Append(value.Source == ValueSourceKind.Missing ? token.Text : value.DisplayValue);
        }
        text.Append(template, last, template.Length - last);
        return new ResolvedText(text.ToString(), values);
    }

    private void Record(PlaceholderValue value)
    {
        if (_seenPlaceholders.Add(value.Placeholder))
        {
            _placeholders.Add(value);
            if (value.Source == ValueSourceKind.Missing)
            {
                _warnings.Add($"{value.Placeholder} has no value: {value.SourceDescription}.");
            }
        }
    }

    private PlaceholderValue ResolveVariable(string key, int depth)
    {
        var placeholder = $"{{{{{key}}}}}";
        var definition = FindDefinition(key);
        var secret = definition?.Secret == true;
        var describedAs = definition is null ? null : Describe(definition);

        // A missing value shows as the placeholder itself, in the request and in the list of values alike.
        PlaceholderValue Make(string value, ValueSourceKind source, string description, bool isSecret) =>
            new(placeholder, source == ValueSourceKind.Missing ? placeholder : isSecret && !_options.RevealSecrets ? Mask : value, source, description, isSecret) { Definition = describedAs };

        if (LookupGiven(key) is { } given)
        {
            return Make(given.Value, given.Source, given.Description, secret);
        }

        var instanceApplies = _instance is not null && definition is not null && definition.Level switch
        {
            VariableLevel.AuthMethod => true,
            VariableLevel.Connector => _auth is null || _auth.Uses.Any(u => u.Value == key),
            _ => false,
        };
        if (instanceApplies)
        {
            if (_instance!.Secrets.FirstOrDefault(e => e.Key == key) is { Value: { } referenceText })
            {
                if (!SecretReference.TryParse(referenceText, out var reference))
                {
                    return Make("", ValueSourceKind.Missing, $"the instance's secret \"{key}\" is not a reference (env:NAME or secret:NAME)", true);
                }
                var value = _options.Secrets.Get(reference!);
                return value is null
                    ? Make("", ValueSourceKind.Missing, $"the secret {reference} is not set{HowToSet(reference!)}", true)
                    : Make(value, ValueSourceKind.InstanceSecret, $"instance secret {reference}", true);
            }
            if (_instance.Values.FirstOrDefault(e => e.Key == key) is { Value: { } instanceValue })
            {
                return Make(instanceValue, ValueSourceKind.InstanceValue, $"instance values.{key}", secret);
            }
        }

        if (definition?.Default is { } defaultValue)
        {
            var resolved = depth < MaxDefaultDepth ? ResolveTemplate(defaultValue, depth + 1) : new ResolvedText(defaultValue, []);
            return Make(resolved.Text, ValueSourceKind.Default, $"default of the {describedAs}", secret || resolved.IsSecret);
        }

        if (definition?.Level == VariableLevel.AuthToken)
        {
            return _runtime.TryGetValue(key, out var token)
                ? Make(token, ValueSourceKind.Runtime, $"token from auth method '{definition.OwnerId}'", true)
                : new PlaceholderValue(placeholder, $"<token from auth method '{definition.OwnerId}'>", ValueSourceKind.Runtime,
                    $"obtained at run time by auth method '{definition.OwnerId}' from \"{_auth?.Token?.ResponsePath}\"", false) { Definition = describedAs };
        }

        if (definition is { Required: false, Level: not VariableLevel.AuthToken })
        {
            // An optional variable nobody filled in is empty, as a blank field on the platform is.
            return Make("", ValueSourceKind.Default, $"optional {describedAs} with no value: empty", secret);
        }

        var why = definition is null
            ? "no variable of the endpoint, its auth method or the connector has this key"
            : instanceApplies || _instance is null
                ? $"the {describedAs} has no default{(_instance is null ? " and no instance was given" : " and the instance gives no value")}"
                : $"the {describedAs} has no default, and instances do not fill {(definition.Level == VariableLevel.Endpoint ? "endpoint variables (use endpointValues or --var)" : $"it because auth method '{_auth?.Id}' does not use it")}";
        return new PlaceholderValue(placeholder, placeholder, ValueSourceKind.Missing, why, secret) { Definition = describedAs };
    }

    private static string HowToSet(SecretReference reference) => reference.Store == SecretStore.Environment
        ? $" (set the environment variable {reference.Name})"
        : $" (outside VS Code, set the environment variable {EnvironmentSecretProvider.EnvironmentNameFor(reference.Name)})";

    private VariableDefinition? FindDefinition(string key)
    {
        foreach (var variable in _endpoint.Variables)
        {
            if (variable.Key == key) return variable;
        }
        if (_auth is not null)
        {
            foreach (var variable in _auth.Variables)
            {
                if (variable.Key == key) return variable;
            }
            if (_auth.TokenVariable is { } token && token.Key == key) return token;
        }
        foreach (var variable in _connector.Variables)
        {
            if (variable.Key == key) return variable;
        }
        return null;
    }

    private static string Describe(VariableDefinition definition) => definition.Level switch
    {
        VariableLevel.Connector => "connector variable",
        VariableLevel.AuthMethod => $"auth variable of '{definition.OwnerId}'",
        VariableLevel.AuthToken => $"token variable of '{definition.OwnerId}'",
        _ => $"endpoint variable of '{definition.OwnerId}'",
    };

    private PlaceholderValue ResolveBuiltin(string name)
    {
        var placeholder = $"[[{name}]]";
        if (_options.AdHocValues.TryGetValue(name, out var adHoc))
        {
            return new PlaceholderValue(placeholder, adHoc, ValueSourceKind.AdHoc, "given for this request", false);
        }
        if (_runtime.TryGetValue(name, out var runtime))
        {
            return new PlaceholderValue(placeholder, runtime, ValueSourceKind.Runtime, name.StartsWith("pagination.", StringComparison.Ordinal) ? "first page" : "run time", false);
        }
        var why = name.StartsWith("meta.", StringComparison.Ordinal)
            ? $"meta values come from the flow's payload; give one with --var {name}=value"
            : "this endpoint's pagination does not set it";
        return new PlaceholderValue(placeholder, placeholder, ValueSourceKind.Missing, why, false);
    }

    /// <summary>The first page's pagination values, as the runner would send them.</summary>
    private void AddPaginationRuntimeValues()
    {
        if (_endpoint.Pagination is not { } pagination || PaginationMethods.Find(pagination.Method) is not { } method)
        {
            return;
        }
        var limit = pagination.GetInt("limit");
        foreach (var builtin in method.Builtins)
        {
            var value = builtin switch
            {
                "page" => (pagination.GetInt("startPage") ?? 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                "offset" => (pagination.GetInt("startOffset") ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture),
                "limit" => limit?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
                _ => "", // next_page_token, cursor, last_id: empty on the first page
            };
            _runtime.TryAdd($"pagination.{builtin}", value);
        }
    }

    private void AddPaginationQuery(List<ResolvedParameter> query)
    {
        if (_endpoint.Pagination is not { } pagination || PaginationMethods.Find(pagination.Method) is not { } method)
        {
            return;
        }
        void Add(string? name, string builtin)
        {
            if (name is not null && _runtime.TryGetValue($"pagination.{builtin}", out var value) && value.Length > 0 && query.All(q => q.Name != name))
            {
                query.Add(new ResolvedParameter(name, new ResolvedText(value, []), $"{method.Name} pagination"));
            }
        }
        switch (method.Name)
        {
            case "pageNumber":
                Add(pagination.GetString("pageParam"), "page");
                Add(pagination.GetString("limitParam"), "limit");
                break;
            case "limitOffset":
                Add(pagination.GetString("limitParam"), "limit");
                Add(pagination.GetString("offsetParam"), "offset");
                break;
            case "nextPageToken":
                Add(pagination.GetString("limitParam"), "limit");
                Add(pagination.GetString("tokenParam"), "next_page_token"); // empty on the first page: not sent
                break;
            case "customRelativeUri":
                Add(pagination.GetString("limitParam"), "limit");
                Add(pagination.GetString("lastIdParam"), "last_id");
                break;
        }
    }

    private ResolvedBody? BuildBody()
    {
        if (_endpoint.SampleBodyFile is { } file)
        {
            if (file.Refusal is { } refusal)
            {
                throw new ResolutionException($"The sample body is not used: {refusal.Reason}");
            }
            if (file.Text is null)
            {
                _warnings.Add($"The sample body file \"{file.RelativePath}\" cannot be read, so the request has no body.");
                return null;
            }
            return new ResolvedBody(ContentTypeFor(_endpoint.DataType), ResolveTemplate(file.Text), $"sampleBody file {file.RelativePath}");
        }
        if (_endpoint.InlineSampleBody is { } inline)
        {
            if (inline is StringSyntax text)
            {
                return new ResolvedBody(ContentTypeFor(_endpoint.DataType), ResolveTemplate(text.Value), "sampleBody");
            }
            var json = SyntaxJsonWriter.Write(inline, s => ResolveTemplate(s).Text);
            return new ResolvedBody("application/json", new ResolvedText(json, []), "sampleBody");
        }

        var parameters = new List<ResolvedParameter>();
        if (_auth is not null)
        {
            AddParameters(_auth.Body.Where(SentWithEndpoints), parameters, $"auth method '{_auth.Id}' body");
        }
        AddParameters(_endpoint.Body, parameters, "endpoint body");
        if (parameters.Count == 0)
        {
            return null;
        }

        var form = _endpoint.Headers.Any(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)
            && h.Value?.Contains("x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true) || _endpoint.DataType != "json";
        var values = parameters.SelectMany(p => p.Value.Values).ToList();
        if (form)
        {
            var encoded = string.Join("&", parameters.Select(p => $"{Uri.EscapeDataString(p.Name)}={(p.Value.IsSecret && !_options.RevealSecrets ? Mask : Uri.EscapeDataString(p.Value.Text))}"));
            return new ResolvedBody("application/x-www-form-urlencoded", new ResolvedText(encoded, values), "body parameters");
        }
        return new ResolvedBody("application/json", new ResolvedText(BodyParameterJson.Write(parameters.Select(p => (p.Name, p.Value.Text))), values), "body parameters");
    }

    private static string ContentTypeFor(string dataType) => dataType switch
    {
        "xml" => "text/xml; charset=utf-8",
        "csv" => "text/csv",
        "txt" => "text/plain",
        _ => "application/json",
    };

    private void AddAutomaticHeaders(List<ResolvedParameter> headers, List<ResolvedParameter> query, ResolvedBody? body)
    {
        bool Has(string name) => headers.Any(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

        if (body is not null && !Has("Content-Type"))
        {
            headers.Add(new ResolvedParameter("Content-Type", new ResolvedText(body.ContentType, []), "automatic (body)"));
        }
        if (_auth is null)
        {
            return;
        }
        var origin = $"automatic ({_auth.Type} auth method '{_auth.Id}')";
        switch (_auth.Type)
        {
            case "basic" when !Has("Authorization"):
                var user = ResolveTemplate(_auth.Setting("basic", "username")?.Value ?? "");
                var password = ResolveTemplate(_auth.Setting("basic", "password")?.Value ?? "");
                var credentials = _options.RevealSecrets
                    ? "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user.Text}:{password.Text}"))
                    : $"Basic {Mask}";
                headers.Add(new ResolvedParameter("Authorization", new ResolvedText(credentials, [.. user.Values, .. password.Values]), origin));
                break;
            case "apiKey":
                var name = _auth.Setting("apiKey", "name")?.Value;
                var key = ResolveTemplate(_auth.Setting("apiKey", "value")?.Value ?? "");
                if (name is not null)
                {
                    var target = (_auth.Setting("apiKey", "in")?.Value ?? "header") == "query" ? query : headers;
                    if (target.All(p => p.Name != name))
                    {
                        target.Add(new ResolvedParameter(name, key, origin));
                    }
                }
                break;
            case "oauth2ClientCredentials" or "oauth2Password" or "oauth2AuthorizationCode" when !Has("Authorization"):
                var prefix = _auth.Setting("oauth2", "tokenPrefix")?.Value ?? "Bearer";
                var token = ResolveTemplate($"{{{{{_auth.Token?.Variable ?? TokenSettings.DefaultVariable}}}}}");
                headers.Add(new ResolvedParameter("Authorization", token with { Text = $"{prefix} {token.Text}" }, origin));
                break;
            case "oauth1" when !Has("Authorization"):
                headers.Add(new ResolvedParameter("Authorization", new ResolvedText("OAuth <signed when sent (RFC 5849)>", []), origin));
                break;
        }
    }

    private string ComposeUrl(string baseUrl, IReadOnlyList<ResolvedParameter> query)
    {
        if (query.Count == 0)
        {
            return baseUrl;
        }
        var builder = new StringBuilder(baseUrl);
        var separator = baseUrl.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        foreach (var parameter in query)
        {
            builder.Append(separator).Append(Uri.EscapeDataString(parameter.Name)).Append('=');
            builder.Append(parameter.Value.IsSecret && !_options.RevealSecrets ? Mask : Uri.EscapeDataString(parameter.Value.Text));
            separator = '&';
        }
        return builder.ToString();
    }
}
