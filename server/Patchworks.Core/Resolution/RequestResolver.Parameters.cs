using System.Text;
using Patchworks.Core.Model;
using Patchworks.Core.Schema;
using Patchworks.Core.Syntax;

namespace Patchworks.Core.Resolution;

// Parameters: the endpoint's and the connector's query, header and body parameters, pagination's query and run-time values, and the headers added for the auth method and body.
public sealed partial class RequestResolver
{
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
}
