using Patchworks.Core.Model;
using Patchworks.Core.Http;
using Patchworks.Core.Running.Results;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Running.Auth;

/// <summary>What a sign-in did: whether a token was obtained, and the token requests, redacted.</summary>
public sealed record InstanceSignInResult(bool SignedIn, string? AuthMethod, string Message, IReadOnlyList<AuthExchange> Exchanges);

/// <summary>
/// Obtains an instance's token without sending an endpoint request: the Add Instance wizard's "Sign in" for the
/// OAuth 2 authorisation code grant (the browser, the loopback redirect, the refresh token kept in the token
/// store), and a check that any token method's credentials work. Static credentials have nothing to obtain.
/// </summary>
public static class InstanceSignIn
{
    public static async Task<InstanceSignInResult> RunAsync(ConnectorDocument connector, Instance instance, RunOptions options, CancellationToken cancellationToken = default)
    {
        var methods = connector.Model.AuthMethods;
        var auth = instance.AuthMethodId is { } id ? connector.Model.FindAuthMethod(id) : methods.Count == 1 ? methods[0] : null;
        if (auth is null)
        {
            return new InstanceSignInResult(false, instance.AuthMethodId, instance.AuthMethodId is null
                ? "The instance names no auth method (authMethod) and the connector has more than one."
                : $"The connector has no auth method \"{instance.AuthMethodId}\".", []);
        }
        var session = AuthSessions.Create(auth);
        if (session is StaticCredentials)
        {
            return new InstanceSignInResult(false, auth.Id, $"Auth method '{auth.Id}' ({auth.Type}) sends its credentials with every request: there is nothing to sign in to.", []);
        }
        if (Resolution.RequestResolver.MissingSecrets(connector, auth, instance, new Resolution.ResolveOptions { AdHocValues = options.Values, Secrets = options.Secrets }) is { Count: > 0 } missing)
        {
            return new InstanceSignInResult(false, auth.Id, Resolution.MissingSecret.Describe(missing), []);
        }
        using var sender = new HttpSender(options.Http);
        using var run = new RunContext(connector, instance, options, sender);
        try
        {
            await session.ValuesAsync(run, cancellationToken).ConfigureAwait(false);
            return new InstanceSignInResult(true, auth.Id, $"Signed in with auth method '{auth.Id}'.", run.AuthExchanges);
        }
        catch (AuthenticationFailedException e)
        {
            return new InstanceSignInResult(false, auth.Id, e.Message, run.AuthExchanges);
        }
        catch (Resolution.ResolutionException e)
        {
            return new InstanceSignInResult(false, auth.Id, run.Redactor.Redact(e.Message), run.AuthExchanges);
        }
        catch (Scripts.ScriptException e)
        {
            return new InstanceSignInResult(false, auth.Id, run.Redactor.Redact(e.Message), run.AuthExchanges);
        }
    }
}
