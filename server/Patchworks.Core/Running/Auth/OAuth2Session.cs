using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Patchworks.Core.Model;
using Patchworks.Core.Resolution;
using Patchworks.Core.Running.Data;
using Patchworks.Core.Http;
using Patchworks.Core.Running.Results;

namespace Patchworks.Core.Running.Auth;

/// <summary>
/// OAuth 2 (RFC 6749): client credentials, password, and authorisation code with PKCE. The token comes from the
/// configured response path, is reused until shortly before it expires (in this run and later runs of the same
/// process; <see cref="ObtainedToken.Margin"/>), renewed after a 401 (once for each request: the runner sends a
/// request again once, so a token the API refuses twice ends the run), and refreshed with a refresh token when the
/// provider gave one.
/// </summary>
public sealed class OAuth2Session(AuthMethod auth) : IAuthSession
{
    private readonly TokenSettings _settings = auth.Token ?? new TokenSettings();
    private ObtainedToken? _token;

    private string Variable => _settings.Variable;

    public async Task<IReadOnlyDictionary<string, string>> ValuesAsync(RunContext run, CancellationToken cancellationToken)
    {
        if (_token is null || !_token.IsFresh(run.Options.Time.GetUtcNow(), _settings.RefreshBeforeSeconds))
        {
            _token = await ObtainAsync(run, forceNew: false, cancellationToken).ConfigureAwait(false);
        }
        return new Dictionary<string, string> { [Variable] = _token.Value };
    }

    public async Task<bool> RenewAsync(RunContext run, CancellationToken cancellationToken)
    {
        if (!_settings.RenewOnUnauthorized)
        {
            return false;
        }
        _token = await ObtainAsync(run, forceNew: true, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private async Task<ObtainedToken> ObtainAsync(RunContext run, bool forceNew, CancellationToken cancellationToken)
    {
        var options = run.ResolveOptions(new Dictionary<string, string>());
        var resolver = RequestResolver.ForAuthMethod(run.Connector, auth, run.Instance, options);
        // A setting whose value is missing is left out (the runner stops before sending when a secret is missing).
        string? Setting(string name) => auth.Setting("oauth2", name) is { } s && resolver.ResolveTemplate(s.Value) is { HasMissing: false, Text: { Length: > 0 } text } ? text : null;
        var client = new ClientCredentials(Setting("clientId"), Setting("clientSecret"), Setting("clientAuthentication") ?? "body");
        var scope = Setting("scope");
        var audience = Setting("audience");
        var username = Setting("username");
        var password = Setting("password");
        run.Redactor.AddAll(resolver.UsedValues);
        run.Redactor.Add(client.Secret);
        run.Redactor.Add(password);

        var baseRequest = run.ToOutgoing(RequestResolver.ResolveAuthRequest(run.Connector, auth, run.Instance, options));
        var key = TokenCache.KeyFor(run, auth, string.Join('\n', baseRequest.Url, client.Id, client.Secret, username, password, scope, audience));
        var refreshKey = "oauth2-refresh|" + key;
        var now = run.Options.Time.GetUtcNow();
        if (!forceNew && run.Options.ShareTokens && TokenCache.Get(key) is { } cached && cached.IsFresh(now, _settings.RefreshBeforeSeconds))
        {
            run.Redactor.Add(cached.Value, SecretKind.AccessToken);
            run.Report(0, 0, $"Reusing the token of auth method '{auth.Id}' (valid until {cached.ExpiresAt?.ToString("HH:mm:ss", CultureInfo.InvariantCulture) ?? "it is refused"})");
            return cached;
        }
        TokenCache.Remove(key);

        var extra = new List<KeyValuePair<string, string>>();
        if (scope is not null) extra.Add(new("scope", scope));
        if (audience is not null) extra.Add(new("audience", audience));

        if (await run.Options.TokenStore.GetAsync(refreshKey, cancellationToken).ConfigureAwait(false) is { } refreshToken)
        {
            run.Redactor.Add(refreshToken, SecretKind.RefreshToken);
            var refreshed = await RequestTokenAsync(run, baseRequest, client, [new("grant_type", "refresh_token"), new("refresh_token", refreshToken), .. extra],
                "refresh the token", refreshKey, throwOnRefusal: false, cancellationToken).ConfigureAwait(false);
            if (refreshed is not null)
            {
                if (run.Options.ShareTokens)
                {
                    TokenCache.Set(key, refreshed);
                }
                return refreshed;
            }
            await run.Options.TokenStore.SetAsync(refreshKey, null, cancellationToken).ConfigureAwait(false);
            run.Warn($"The stored refresh token of auth method '{auth.Id}' was refused; signing in again.");
        }

        List<KeyValuePair<string, string>> grant = auth.Type switch
        {
            "oauth2Password" => [new("grant_type", "password"), new("username", username ?? ""), new("password", password ?? "")],
            "oauth2AuthorizationCode" => await AuthorizationCodeGrantAsync(run, client, scope, cancellationToken).ConfigureAwait(false),
            _ => [new("grant_type", "client_credentials")],
        };
        var token = await RequestTokenAsync(run, baseRequest, client, [.. grant, .. extra], "obtain a token", refreshKey, throwOnRefusal: true, cancellationToken).ConfigureAwait(false);
        if (run.Options.ShareTokens)
        {
            TokenCache.Set(key, token!);
        }
        return token!;
    }

    private async Task<List<KeyValuePair<string, string>>> AuthorizationCodeGrantAsync(RunContext run, ClientCredentials client, string? scope, CancellationToken cancellationToken)
    {
        if (run.Options.SignIn is not { } signIn)
        {
            throw new AuthenticationFailedException($"Auth method '{auth.Id}' needs a user to sign in at the provider (authorisation code), and this run cannot open a browser. Sign in once from the editor or run the CLI interactively; later runs use the refresh token.");
        }
        var resolver = RequestResolver.ForAuthMethod(run.Connector, auth, run.Instance, run.ResolveOptions(new Dictionary<string, string>()));
        var authorize = auth.AdditionalUrl is { } url ? resolver.ResolveTemplate(url.Value).Text : throw new AuthenticationFailedException($"Auth method '{auth.Id}' has no additionalUrl (the provider's authorise endpoint).");
        // PKCE unless the connector turns it off (oauth2.pkce: false).
        var pkce = !(auth.SettingsBlocks.TryGetValue("oauth2", out var block) && block.Value is Syntax.ObjectSyntax settings && settings["pkce"] is Syntax.BooleanSyntax { Value: false });
        var pair = pkce ? Pkce.Create() : null;
        var verifier = pair?.Verifier;
        var challenge = pair?.Challenge;
        var redirect = auth.Setting("oauth2", "redirectUri") is { } r ? resolver.ResolveTemplate(r.Value).Text : null;
        run.Report(0, 0, $"Auth method '{auth.Id}': waiting for you to sign in at {new Uri(authorize).Host}");
        var result = await signIn.SignInAsync(new SignInRequest(authorize, client.Id ?? "", scope, redirect, challenge), cancellationToken).ConfigureAwait(false);
        run.Redactor.Add(result.Code);
        run.Redactor.Add(verifier);
        List<KeyValuePair<string, string>> grant = [new("grant_type", "authorization_code"), new("code", result.Code), new("redirect_uri", result.RedirectUri)];
        if (verifier is not null)
        {
            grant.Add(new("code_verifier", verifier));
        }
        return grant;
    }

    private async Task<ObtainedToken?> RequestTokenAsync(RunContext run, OutgoingRequest baseRequest, ClientCredentials client, List<KeyValuePair<string, string>> grant,
        string purpose, string refreshKey, bool throwOnRefusal, CancellationToken cancellationToken)
    {
        var fields = new List<KeyValuePair<string, string>>(grant);
        var request = baseRequest;
        if (client.Authentication == "basic" && client.Id is not null)
        {
            // RFC 6749 2.3.1: each part form-encoded, then Basic.
            var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{FormEncode(client.Id)}:{FormEncode(client.Secret ?? "")}"));
            run.Redactor.Add(basic);
            request = request.WithHeader("Authorization", "Basic " + basic);
        }
        else if (client.Id is not null)
        {
            fields.Add(new("client_id", client.Id));
            if (client.Secret is not null)
            {
                fields.Add(new("client_secret", client.Secret));
            }
        }
        var body = string.Join("&", new[] { request.Body }.Where(b => !string.IsNullOrEmpty(b))
            .Concat(fields.Where(f => !HasField(request.Body, f.Key)).Select(f => $"{FormEncode(f.Key)}={FormEncode(f.Value)}")));
        request = (request with { Body = body, ContentType = "application/x-www-form-urlencoded", Method = request.Method })
            .WithHeader("Content-Type", "application/x-www-form-urlencoded")
            .WithHeader("Accept", "application/json");

        request = AuthScriptSteps.PreRequest(run, auth, request, cancellationToken);
        var requestedAt = run.Options.Time.GetUtcNow();
        var (response, record) = await run.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var payload = response?.Body;
        IReadOnlyDictionary<string, string> scriptVariables = new Dictionary<string, string>();
        if (response is { IsSuccess: true })
        {
            try
            {
                (payload, scriptVariables) = AuthScriptSteps.PostRequest(run, auth, response.Body, cancellationToken);
            }
            catch (AuthenticationFailedException)
            {
                // Whatever token the refused answer holds is still a secret.
                var raw = ResponseData.ParseJson(response.Body);
                run.Redactor.Add(ResponseData.SelectText(raw, _settings.ResponsePath), SecretKind.AccessToken);
                run.Redactor.Add(ResponseData.SelectText(raw, _settings.RefreshTokenPath ?? "refresh_token"), SecretKind.RefreshToken);
                run.AuthExchanges.Add(new AuthExchange($"{auth.Id}: {purpose}", record with { Response = run.RecordOf(response) }));
                throw;
            }
        }
        var json = payload is null ? null : ResponseData.ParseJson(payload);
        var token = scriptVariables.GetValueOrDefault(_settings.Variable) ?? ResponseData.SelectText(json, _settings.ResponsePath);
        var refresh = ResponseData.SelectText(json, _settings.RefreshTokenPath ?? "refresh_token");
        // Register before anything is recorded, so the token never shows in the response body of the record.
        run.Redactor.Add(token, SecretKind.AccessToken);
        run.Redactor.Add(refresh, SecretKind.RefreshToken);
        var redactedRecord = response is null ? record : record with { Response = run.RecordOf(response) };
        run.AuthExchanges.Add(new AuthExchange($"{auth.Id}: {purpose}", redactedRecord));

        if (response is null || !response.IsSuccess || token is null)
        {
            var why = response is null ? record.Error
                : !response.IsSuccess ? $"{response.StatusCode} {response.ReasonPhrase}{OAuthError(json)}"
                : $"the response has no token at \"{_settings.ResponsePath}\"";
            var message = run.Redactor.Redact($"Auth method '{auth.Id}' could not {purpose}: {why}.");
            if (throwOnRefusal || response is null)
            {
                throw new AuthenticationFailedException(message);
            }
            return null;
        }
        if (refresh is not null)
        {
            await run.Options.TokenStore.SetAsync(refreshKey, refresh, cancellationToken).ConfigureAwait(false);
        }
        var lifetime = PageLifetime(json);
        run.Report(0, 0, $"Auth method '{auth.Id}': token obtained{(lifetime is { } l ? $", valid {l:0} s" : "")}");
        return ObtainedToken.Expiring(token, lifetime, requestedAt);
    }

    private double? PageLifetime(JsonNode? json) =>
        double.TryParse(ResponseData.SelectText(json, _settings.ExpiresInPath ?? "expires_in"), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? seconds
            : _settings.LifetimeSeconds;

    private static string OAuthError(JsonNode? json) => ResponseData.SelectText(json, "error") is { } error
        ? $" ({error}{(ResponseData.SelectText(json, "error_description") is { } description ? ": " + description : "")})"
        : "";

    private static bool HasField(string? body, string name) =>
        body is not null && body.Split('&').Any(pair => pair.Split('=')[0] == Uri.EscapeDataString(name));

    private static string FormEncode(string value) => Uri.EscapeDataString(value).Replace("%20", "+", StringComparison.Ordinal);

    private sealed record ClientCredentials(string? Id, string? Secret, string Authentication);
}
