using Patchworks.Core.Model;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Resolution;

/// <summary>
/// A secret an endpoint's request or its auth method needs, with no value for the instance: a required secret
/// variable nobody gave, or an instance's reference to an environment variable or stored secret that is not set.
/// <see cref="Message"/> names the variable, where it is used and where to set it; it holds no secret value (the
/// value is missing) and is never masked.
/// </summary>
public sealed record MissingSecret(VariableDefinition Definition, string UsedBy, string? Reference, string Advice)
{
    public string Message => $"the secret \"{Definition.Key}\"{(Definition.DisplayName is { Length: > 0 } name && name != Definition.Key ? $" ({name})" : "")} of {UsedBy} has no value: {Advice}";

    /// <summary>One sentence for the run's stop message or a warning: every missing secret, each with its advice.</summary>
    public static string Describe(IReadOnlyList<MissingSecret> missing) => missing.Count == 1
        ? $"Nothing was sent: {missing[0].Message}"
        : $"Nothing was sent: {missing.Count} secrets have no value. " + string.Join(" ", missing.Select((m, i) => $"{i + 1}. {char.ToUpperInvariant(m.Message[0])}{m.Message[1..]}"));
}

public sealed partial class RequestResolver
{
    /// <summary>
    /// The secrets the endpoint's request for the instance needs and does not have: secret variables of the
    /// endpoint, of its auth method and the connector variables the auth method uses (every connector variable
    /// when there is none), that resolve to nothing. A run stops on these before sending anything, rather than
    /// sending a request an API can only refuse.
    /// </summary>
    public static IReadOnlyList<MissingSecret> MissingSecrets(ConnectorDocument connector, string endpointId, Instance? instance, ResolveOptions? options = null)
    {
        var model = connector.Model;
        if (model.FindEndpoint(endpointId) is not { } endpoint)
        {
            return [];
        }
        return MissingSecrets(model, endpoint, ChooseAuthMethod(model, endpoint, instance, out _), instance, options);
    }

    /// <summary>The secrets an auth method's token request needs and does not have (a sign-in without an endpoint).</summary>
    public static IReadOnlyList<MissingSecret> MissingSecrets(ConnectorDocument connector, AuthMethod auth, Instance? instance, ResolveOptions? options = null) =>
        MissingSecrets(connector.Model, new Endpoint { Syntax = new Syntax.ObjectSyntax(default) }, auth, instance, options);

    private static IReadOnlyList<MissingSecret> MissingSecrets(Connector model, Endpoint endpoint, AuthMethod? auth, Instance? instance, ResolveOptions? options)
    {
        var resolver = new RequestResolver(model, endpoint, auth, instance, options ?? new ResolveOptions());
        var authName = auth is null ? null : $"auth method '{auth.Id}' ({auth.Type})";
        var candidates = endpoint.Variables.Select(v => (Variable: v, UsedBy: $"endpoint '{endpoint.Id}'"))
            .Concat(auth?.Variables.Select(v => (Variable: v, UsedBy: authName!)) ?? [])
            .Concat(model.Variables.Where(v => auth is null || auth.Uses.Any(u => u.Value == v.Key))
                .Select(v => (Variable: v, UsedBy: authName is null ? "the connector" : $"the connector, used by {authName}")));
        var missing = new List<MissingSecret>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (variable, usedBy) in candidates)
        {
            if (!variable.Secret || !seen.Add(variable.Key) || resolver.FindDefinition(variable.Key) != variable)
            {
                continue;
            }
            if (resolver.ResolveVariable(variable.Key, 0).Source != ValueSourceKind.Missing)
            {
                continue;
            }
            var referenceText = instance?.Secrets.FirstOrDefault(s => s.Key == variable.Key)?.Value;
            missing.Add(new MissingSecret(variable, usedBy, referenceText, AdviceFor(variable.Key, instance, referenceText)));
        }
        return missing;
    }

    private static string AdviceFor(string key, Instance? instance, string? referenceText)
    {
        if (referenceText is null)
        {
            return instance is null
                ? $"no instance was given. Run with --instance, or give the value for this run with --var {key}=VALUE."
                : $"the instance ({Path.GetFileName(instance.FilePath)}) has no reference for it. Add \"secrets\": {{ \"{key}\": \"env:NAME\" }} (an environment variable) or \"secret:NAME\" (VS Code's secret storage) to the instance, or give the value for this run with --var {key}=VALUE.";
        }
        if (!SecretReference.TryParse(referenceText, out var reference))
        {
            // What is there may be a literal secret (PW5005): never repeated.
            return $"the instance's secrets.{key} is not a reference (env:NAME or secret:NAME). Put the value in an environment variable or VS Code's secret storage and reference it.";
        }
        return reference!.Store == SecretStore.Environment
            ? $"the instance reads it from the environment variable {reference.Name} ({reference}), which is not set. Set the environment variable {reference.Name} and run again."
            : $"the instance reads it from the secret {reference.Name} ({reference}), which is not stored. Store it in VS Code's secret storage under the name {reference.Name} (the Add Instance wizard, or the quick fix on a literal secret, does); outside VS Code, set the environment variable {EnvironmentSecretProvider.EnvironmentNameFor(reference.Name)}.";
    }
}
