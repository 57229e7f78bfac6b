using Patchworks.Core.Model;
using Patchworks.Core.Http;
using Patchworks.Core.Running.Results;
using Patchworks.Core.Running.Scripts;

namespace Patchworks.Core.Running.Auth;

/// <summary>
/// An auth method's pre-request and post-request scripts around its token request. The pre-request script may
/// change the request; the post-request script may rewrite the response (to take the token out of a compound
/// field) or set the token variable itself, and a throw means the authentication failed, with its message.
/// </summary>
public static class AuthScriptSteps
{
    public static OutgoingRequest PreRequest(RunContext run, AuthMethod auth, OutgoingRequest request, CancellationToken cancellationToken)
    {
        if (auth.PreRequestScript is not { } source)
        {
            return request;
        }
        var result = Run(run, auth, "pre-request", () => run.Scripts.RunPreAuth(Compile(source, auth, "pre-request"),
            new ScriptRequest(request.Url, request.Method, request.Headers, request.Body), run.ScriptVariables(auth, null), cancellationToken), r => r.Log);
        return new OutgoingRequest(result.Request.Method, result.Request.Url, result.Request.Headers, result.Request.Body, request.ContentType);
    }

    /// <returns>The response body as the script left it, and the variables it set (the token among them, perhaps).</returns>
    public static (string Payload, IReadOnlyDictionary<string, string> Variables) PostRequest(RunContext run, AuthMethod auth, string body, CancellationToken cancellationToken)
    {
        if (auth.PostRequestScript is not { } source)
        {
            return (body, new Dictionary<string, string>());
        }
        var given = run.ScriptVariables(auth, null);
        var result = Run(run, auth, "post-request", () => run.Scripts.RunPostAuth(Compile(source, auth, "post-request"), body, given, cancellationToken), r => r.Log);
        // Only what the script set counts: the variables it was given include the previous token (a renewal), which
        // must not pass for the new one, and values such as the user name, which are not secrets.
        var set = result.Variables.Where(v => !given.TryGetValue(v.Key, out var before) || before != v.Value).ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
        foreach (var (key, value) in set)
        {
            // A script may put the token (or anything taken from the response) in a variable: secret until known otherwise.
            run.Redactor.Add(value, SecretKind.Token, key);
        }
        return (result.Payload, set);
    }

    private static CompiledScript Compile(ScriptSource source, AuthMethod auth, string kind) =>
        CompiledScript.FromModel(source, $"{kind} script of auth method '{auth.Id}'");

    private static T Run<T>(RunContext run, AuthMethod auth, string kind, Func<T> script, Func<T, IReadOnlyList<string>> log)
    {
        try
        {
            var result = script();
            foreach (var line in log(result))
            {
                run.LogScript(line);
            }
            return result;
        }
        catch (ScriptException e) when (e.Failure == ScriptFailure.Thrown)
        {
            foreach (var line in e.Log)
            {
                run.LogScript(line);
            }
            throw new AuthenticationFailedException(run.Redactor.Redact($"Auth method '{auth.Id}' failed in its {kind} script: {e.ScriptMessage}"));
        }
    }
}
