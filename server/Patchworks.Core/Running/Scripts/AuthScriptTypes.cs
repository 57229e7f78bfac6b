namespace Patchworks.Core.Running.Scripts;

/// <summary>A post-request (post-auth) script's answer.</summary>
/// <param name="Payload">The authentication response body, as the script left it (it may rewrite it for the token path).</param>
/// <param name="Variables">The variables, as the script left them: <c>data.variables.token = ...</c> sets <c>{{token}}</c>.</param>
/// <param name="Log">What the script wrote to the console.</param>
public sealed record PostAuthScriptResult(string Payload, IReadOnlyDictionary<string, string> Variables, IReadOnlyList<string> Log);

/// <summary>A pre-request (pre-auth) script's answer.</summary>
/// <param name="Request">The authentication request to send (fields the script left out are unchanged).</param>
/// <param name="Variables">The variables, as the script left them.</param>
/// <param name="Log">What the script wrote to the console.</param>
public sealed record PreAuthScriptResult(ScriptRequest Request, IReadOnlyDictionary<string, string> Variables, IReadOnlyList<string> Log);
