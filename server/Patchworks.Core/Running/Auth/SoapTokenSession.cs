using System.Text.RegularExpressions;
using Patchworks.Core.Model;
using Patchworks.Core.Resolution;
using Patchworks.Core.Running.Data;
using Patchworks.Core.Running.Results;

namespace Patchworks.Core.Running.Auth;

/// <summary>
/// SOAP token auth: the login envelope is posted, the token is read from the response at token.responsePath
/// (an element path), cut out of a compound field with soap.tokenPattern (Peoplevox: "ClientId,SessionId"),
/// and endpoint envelopes carry it as {{token}}. Renewed ahead of its lifetime (<see cref="ObtainedToken.Margin"/>)
/// and after a 401 (once for each request, as OAuth 2 tokens are).
/// </summary>
public sealed class SoapTokenSession(AuthMethod auth) : IAuthSession
{
    private readonly TokenSettings _settings = auth.Token ?? new TokenSettings();
    private ObtainedToken? _token;

    public async Task<IReadOnlyDictionary<string, string>> ValuesAsync(RunContext run, CancellationToken cancellationToken)
    {
        if (_token is null || !_token.IsFresh(run.Options.Time.GetUtcNow(), _settings.RefreshBeforeSeconds))
        {
            _token = await LogInAsync(run, cancellationToken).ConfigureAwait(false);
        }
        return new Dictionary<string, string> { [_settings.Variable] = _token.Value };
    }

    public async Task<bool> RenewAsync(RunContext run, CancellationToken cancellationToken)
    {
        if (!_settings.RenewOnUnauthorized)
        {
            return false;
        }
        _token = await LogInAsync(run, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private async Task<ObtainedToken> LogInAsync(RunContext run, CancellationToken cancellationToken)
    {
        var request = run.ToOutgoing(RequestResolver.ResolveAuthRequest(run.Connector, auth, run.Instance, run.ResolveOptions(new Dictionary<string, string>())));
        request = AuthScriptSteps.PreRequest(run, auth, request, cancellationToken);
        var requestedAt = run.Options.Time.GetUtcNow();
        var (response, record) = await run.SendAsync(request, cancellationToken).ConfigureAwait(false);
        string? field = null, token = null;
        AuthenticationFailedException? scriptFailure = null;
        if (response is { IsSuccess: true })
        {
            try
            {
                // The post-request script may refuse the answer (Peoplevox says "failed" with HTTP 200), rewrite it,
                // or set the token variable itself.
                var (payload, variables) = AuthScriptSteps.PostRequest(run, auth, response.Body, cancellationToken);
                token = variables.GetValueOrDefault(_settings.Variable);
                field = token ?? ResponseData.SelectText(payload, _settings.ResponsePath);
                token ??= field is null ? null : Extract(field);
            }
            catch (AuthenticationFailedException e)
            {
                // A refused answer gives no token: what it holds at the token path is the API's reason (Peoplevox's
                // Detail), which the user must read, not a secret.
                scriptFailure = e;
            }
        }
        if (!string.IsNullOrEmpty(token))
        {
            // The token, and the field it was cut from ("ClientId,SessionId"); a field no token came out of is the
            // API's text (an error), not a secret.
            run.Redactor.Add(field);
            run.Redactor.Add(token, SecretKind.Session);
        }
        run.AuthExchanges.Add(new AuthExchange($"{auth.Id}: log in", response is null ? record : record with { Response = run.RecordOf(response) }));
        if (scriptFailure is not null)
        {
            throw scriptFailure;
        }

        if (response is null || !response.IsSuccess || string.IsNullOrEmpty(token))
        {
            var why = response is null ? record.Error
                : !response.IsSuccess ? $"{response.StatusCode} {response.ReasonPhrase}"
                : field is null ? $"the response has no element at \"{_settings.ResponsePath}\""
                : $"soap.tokenPattern does not match the field at \"{_settings.ResponsePath}\"";
            throw new AuthenticationFailedException(run.Redactor.Redact($"Auth method '{auth.Id}' could not log in: {why}."));
        }
        run.Report(0, 0, $"Auth method '{auth.Id}': logged in");
        return ObtainedToken.Expiring(token, _settings.LifetimeSeconds, requestedAt);
    }

    private string? Extract(string field)
    {
        if (auth.Setting("soap", "tokenPattern")?.Value is not { } pattern)
        {
            return field.Trim();
        }
        try
        {
            var match = Regex.Match(field.Trim(), pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
            return match.Success ? (match.Groups.Count > 1 ? match.Groups[1].Value : match.Value) : null;
        }
        catch (RegexParseException e)
        {
            // PW3040 says so in the editor; a run ends naming it instead of throwing.
            throw new AuthenticationFailedException($"Auth method '{auth.Id}': soap.tokenPattern is not a valid regular expression ({e.Error} at offset {e.Offset}): {e.Message}");
        }
        catch (RegexMatchTimeoutException)
        {
            throw new AuthenticationFailedException($"Auth method '{auth.Id}': soap.tokenPattern took longer than 1 s on the login response's field (catastrophic backtracking?).");
        }
    }
}
