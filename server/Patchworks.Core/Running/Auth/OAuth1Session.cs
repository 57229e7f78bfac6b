using Patchworks.Core.Model;
using Patchworks.Core.Resolution;
using Patchworks.Core.Http;
using Patchworks.Core.Running.Results;

namespace Patchworks.Core.Running.Auth;

/// <summary>
/// OAuth 1.0a (NetSuite token-based authentication and the like): every request is signed just before it goes
/// out, per RFC 5849, with the oauth1 settings block's credentials (resolved like any value, secrets from the
/// instance). The signature and the secrets are registered for redaction.
/// </summary>
public sealed class OAuth1Session(AuthMethod auth) : IAuthSession
{
    private OAuth1Signer? _signer;
    private RunContext? _run;

    public Task<IReadOnlyDictionary<string, string>> ValuesAsync(RunContext run, CancellationToken cancellationToken)
    {
        if (_signer is null)
        {
            var resolver = RequestResolver.ForAuthMethod(run.Connector, auth, run.Instance, run.ResolveOptions(new Dictionary<string, string>()));
            string? Setting(string name) => auth.Setting("oauth1", name) is { } s && resolver.ResolveTemplate(s.Value).Text is { Length: > 0 } text ? text : null;
            var consumerKey = Setting("consumerKey");
            var consumerSecret = Setting("consumerSecret");
            var token = Setting("token");
            var tokenSecret = Setting("tokenSecret");
            run.Redactor.AddAll(resolver.UsedValues);
            run.Redactor.Add(consumerSecret);
            run.Redactor.Add(tokenSecret);
            if (consumerKey is null || consumerSecret is null)
            {
                throw new AuthenticationFailedException($"Auth method '{auth.Id}' has no {(consumerKey is null ? "consumer key" : "consumer secret")} for this instance: OAuth 1 cannot sign.");
            }
            try
            {
                _signer = new OAuth1Signer(new OAuth1Credentials(consumerKey, consumerSecret, token, tokenSecret), new OAuth1Options
                {
                    SignatureMethod = OAuth1Options.ParseSignatureMethod(Setting("signatureMethod")),
                    Placement = OAuth1Options.ParsePlacement(Setting("placement")),
                    Realm = Setting("realm"),
                }, run.Options.Time);
            }
            catch (ArgumentException e)
            {
                throw new AuthenticationFailedException($"Auth method '{auth.Id}': {e.Message}");
            }
            _run = run;
        }
        return Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>());
    }

    public OutgoingRequest Sign(OutgoingRequest request)
    {
        if (_signer is null || _run is null || request.Anonymous)
        {
            // Not signed for another origin than the endpoint's: its credentials were dropped (Credentials.Without).
            return request;
        }
        var signed = _signer.Sign(request.Method, request.Url, request.Body, request.Header("Content-Type") ?? request.ContentType);
        _run.Redactor.Add(signed.Signature, SecretKind.Signature);
        // The resolver put a stand-in Authorization header ("signed when sent"); the signature replaces it, or
        // with query placement the header goes and the URL carries the oauth_* parameters.
        var unsigned = request with { Headers = [.. request.Headers.Where(h => !h.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase) || !h.Value.StartsWith("OAuth <", StringComparison.Ordinal))] };
        return signed.AuthorizationHeader is { } header
            ? unsigned.WithHeader("Authorization", header)
            : unsigned with { Url = signed.Url };
    }
}
