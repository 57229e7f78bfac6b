using Patchworks.Core.Model;
using Patchworks.Core.Syntax;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Resolution;

public sealed partial class RequestResolver
{
    /// <summary>
    /// The request an auth method sends to obtain a token or a session (OAuth 2 token endpoint, SOAP login), with
    /// the same precedence as endpoint requests: its url, method (POST by default), query, every header and body
    /// parameter (sendWith all or authRequest), and for SOAP the envelope. Grant fields are the runner's to add.
    /// </summary>
    public static ResolvedRequest ResolveAuthRequest(ConnectorDocument connector, AuthMethod auth, Instance? instance, ResolveOptions? options = null)
    {
        var resolver = ForAuthMethod(connector, auth, instance, options);
        if (auth.Url is null)
        {
            throw new ResolutionException($"The auth method \"{auth.Id}\" has no url to request a token from.");
        }
        var baseUrl = resolver.ResolveTemplate(auth.Url.Value);
        var query = new List<ResolvedParameter>();
        var headers = new List<ResolvedParameter>();
        resolver.AddParameters(auth.Query, query, $"auth method '{auth.Id}' query");
        resolver.AddParameters(auth.Headers.Where(SentWithAuthRequest), headers, $"auth method '{auth.Id}' header");

        ResolvedBody? body = null;
        if (auth.Type == "soap")
        {
            if (auth.SoapEnvelopeFile?.Refusal is { } refusal)
            {
                throw new ResolutionException($"The SOAP envelope of auth method '{auth.Id}' is not used: {refusal.Reason}");
            }
            var envelope = auth.SoapEnvelopeFile?.Text ?? auth.Setting("soap", "envelope")?.Value;
            if (envelope is not null)
            {
                body = new ResolvedBody("text/xml; charset=utf-8", resolver.ResolveTemplate(envelope), "soap.envelope");
            }
            if (auth.Setting("soap", "soapAction") is { } action && headers.All(h => !h.Name.Equals("SOAPAction", StringComparison.OrdinalIgnoreCase)))
            {
                headers.Add(new ResolvedParameter("SOAPAction", resolver.ResolveTemplate(action.Value), "soap.soapAction"));
            }
        }
        else
        {
            var parameters = new List<ResolvedParameter>();
            resolver.AddParameters(auth.Body.Where(SentWithAuthRequest), parameters, $"auth method '{auth.Id}' body");
            if (parameters.Count > 0)
            {
                var values = parameters.SelectMany(p => p.Value.Values).ToList();
                var encoded = string.Join("&", parameters.Select(p => $"{Uri.EscapeDataString(p.Name)}={(p.Value.IsSecret && !resolver._options.RevealSecrets ? Mask : Uri.EscapeDataString(p.Value.Text))}"));
                body = new ResolvedBody("application/x-www-form-urlencoded", new ResolvedText(encoded, values), "body parameters");
            }
        }
        if (body is not null && headers.All(h => !h.Name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)))
        {
            headers.Add(new ResolvedParameter("Content-Type", new ResolvedText(body.ContentType, []), "automatic (body)"));
        }

        return new ResolvedRequest
        {
            EndpointId = $"auth:{auth.Id}",
            Method = auth.HttpMethod ?? "POST",
            BaseUrl = baseUrl,
            Url = resolver.ComposeUrl(baseUrl.Text, query),
            Query = query,
            Headers = headers,
            Body = body,
            AuthMethodId = auth.Id,
            AuthType = auth.Type,
            InstanceName = instance?.Name,
            Placeholders = resolver._placeholders,
            Warnings = resolver._warnings,
        };
    }

    /// <summary>A resolver in an auth method's scope, for its settings (oauth2.clientId, basic.password...).</summary>
    public static RequestResolver ForAuthMethod(ConnectorDocument connector, AuthMethod auth, Instance? instance, ResolveOptions? options = null) =>
        new(connector.Model, new Endpoint { Syntax = new ObjectSyntax(default) }, auth, instance, options ?? new ResolveOptions());

    /// <summary>Every placeholder value this resolver has used so far (for redaction of the secrets among them).</summary>
    public IReadOnlyList<PlaceholderValue> UsedValues => _placeholders;

    private static bool SentWithAuthRequest(Parameter parameter) =>
        (parameter.Syntax["sendWith"] as StringSyntax)?.Value is null or "all" or "authRequest";

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
}
