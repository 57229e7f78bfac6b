using System.Text.RegularExpressions;
using Patchworks.Core.Diagnostics;
using Patchworks.Core.Model;
using Patchworks.Core.Schema;
using Patchworks.Core.Syntax;
using Patchworks.Core.Text;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Rules.Instances;

/// <summary>
/// Checks an instance: its syntax and schema, then against its connector: the auth method exists, required
/// values are given, values name real variables, and no secret is written in the file.
/// </summary>
public static partial class InstanceAnalyzer
{
    /// <param name="getConnector">Loads the connector at an absolute path, or returns null when there is no such file.</param>
    /// <param name="refuse">Why the instance's connector may not be read (outside the workspace, not a regular file), or null.</param>
    public static IReadOnlyList<Diagnostic> Analyze(InstanceDocument document, Func<string, ConnectorDocument?> getConnector, Func<Model.Instance, ReferenceRefusal?>? refuse = null)
    {
        var bag = new DiagnosticBag(document.FilePath, document.Tree.Lines);
        SyntaxAndSchemaRules.Check(document.Tree, SchemaCatalog.Instance, bag);
        var instance = document.Model;
        if (instance.Syntax is null)
        {
            return bag.Items;
        }

        CheckTimeZone(instance, bag);
        CheckSecretReferences(instance, bag);

        if (instance.ConnectorFullPath is not { } connectorPath || instance.ConnectorSyntax is not { } connectorSyntax)
        {
            return bag.Items;
        }
        if (refuse?.Invoke(instance) is { } refusal)
        {
            bag.Add(refusal.Descriptor, connectorSyntax.Span, refusal.Args);
            return bag.Items;
        }
        var connector = getConnector(connectorPath);
        if (connector is null)
        {
            bag.Add(DiagnosticCatalog.InstanceConnectorMissing, connectorSyntax.Span, instance.ConnectorPath, connectorPath);
            return bag.Items;
        }
        if (connector.Model.Syntax is null)
        {
            bag.Add(DiagnosticCatalog.InstanceConnectorInvalid, connectorSyntax.Span, instance.ConnectorPath, "it does not hold a JSON object");
            return bag.Items;
        }

        var auth = CheckAuthMethod(instance, connector.Model, bag);
        CheckValues(instance, connector.Model, auth, bag);
        CheckEndpointValues(instance, connector.Model, bag);
        CheckEndpointValueSecrets(instance, connector.Model, bag);
        return bag.Items;
    }

    private static AuthMethod? CheckAuthMethod(Model.Instance instance, Model.Connector connector, DiagnosticBag bag)
    {
        if (instance.AuthMethodId is not { } id || instance.AuthMethodSyntax is not { } syntax)
        {
            return null;
        }
        var auth = connector.FindAuthMethod(id);
        if (auth is null)
        {
            var ids = connector.AuthMethods.Select(a => a.Id).OfType<string>().ToList();
            var suggestion = NearestName.Find(id, ids);
            bag.Add(DiagnosticCatalog.InstanceAuthMethodUnknown, syntax.Span, id,
                suggestion is not null ? $" Did you mean \"{suggestion}\"?" : ids.Count > 0 ? $" It has: {string.Join(", ", ids)}." : "");
        }
        return auth;
    }

    /// <summary>The variables an instance fills in for an auth method: its own, and the connector variables it uses.</summary>
    public static IEnumerable<VariableDefinition> InstanceVariables(Model.Connector connector, AuthMethod auth)
    {
        foreach (var variable in auth.Variables)
        {
            yield return variable;
        }
        var uses = auth.Uses.Select(u => u.Value).ToHashSet(StringComparer.Ordinal);
        foreach (var variable in connector.Variables)
        {
            if (uses.Contains(variable.Key))
            {
                yield return variable;
            }
        }
    }

    private static void CheckValues(Model.Instance instance, Model.Connector connector, AuthMethod? auth, DiagnosticBag bag)
    {
        var allSecretKeys = new HashSet<string>(
            connector.Variables.Concat(connector.AuthMethods.SelectMany(a => a.Variables)).Where(v => v.Secret).Select(v => v.Key),
            StringComparer.Ordinal);
        foreach (var entry in instance.Values)
        {
            if (allSecretKeys.Contains(entry.Key) && entry.ValueSyntax is { } valueSyntax)
            {
                bag.Add(DiagnosticCatalog.LiteralSecret, valueSyntax.Span,
                    $"\"{entry.Key}\" is a secret variable, so its value must not be written here: move it to \"secrets\" as a reference (env:NAME or secret:NAME).");
                bag.AmendLast(d => d with { Data = new Dictionary<string, string> { ["key"] = entry.Key } });
            }
        }

        if (auth is null)
        {
            return;
        }
        var asked = InstanceVariables(connector, auth).ToList();
        var askedKeys = asked.Select(v => v.Key).ToHashSet(StringComparer.Ordinal);
        var connectorKeys = connector.Variables.Select(v => v.Key).ToHashSet(StringComparer.Ordinal);

        foreach (var entry in instance.Values.Concat(instance.Secrets))
        {
            if (askedKeys.Contains(entry.Key))
            {
                continue;
            }
            if (connectorKeys.Contains(entry.Key))
            {
                bag.Add(DiagnosticCatalog.ValueNotAsked, entry.KeySyntax.Span, auth.Id, entry.Key);
            }
            else
            {
                bag.Add(DiagnosticCatalog.InstanceUnknownVariable, entry.KeySyntax.Span, entry.Key, $"for auth method '{auth.Id}'", NearestName.Suggestion(entry.Key, askedKeys));
            }
        }

        var given = instance.Values.Concat(instance.Secrets).Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
        var anchor = instance.Syntax!.Find("values")?.Key.Span ?? instance.AuthMethodSyntax!.Span;
        foreach (var variable in asked)
        {
            if (variable.Required && variable.Default is null && !given.Contains(variable.Key))
            {
                bag.Add(DiagnosticCatalog.InstanceValueMissing, anchor, variable.LevelName, variable.Key, variable.Secret ? "secrets" : "values");
                bag.AmendLast(d => d with { Data = new Dictionary<string, string> { ["key"] = variable.Key, ["secret"] = variable.Secret ? "true" : "false" } });
            }
        }
    }

    private static void CheckEndpointValues(Model.Instance instance, Model.Connector connector, DiagnosticBag bag)
    {
        var endpointIds = connector.Endpoints.Select(e => e.Id).OfType<string>().ToList();
        foreach (var (endpointId, (keySyntax, values)) in instance.EndpointValues)
        {
            var endpoint = connector.FindEndpoint(endpointId);
            if (endpoint is null)
            {
                bag.Add(DiagnosticCatalog.UnknownEndpointInValues, keySyntax.Span, endpointId, NearestName.Suggestion(endpointId, endpointIds));
                continue;
            }
            var known = endpoint.Variables.Select(v => v.Key)
                .Concat(endpoint.Query.Concat(endpoint.Headers).Concat(endpoint.Body).Select(p => p.Key))
                .ToHashSet(StringComparer.Ordinal);
            foreach (var entry in values)
            {
                if (endpoint.Variables.FirstOrDefault(v => v.Key == entry.Key) is { Secret: true } && entry.ValueSyntax is { } valueSyntax)
                {
                    bag.Add(DiagnosticCatalog.LiteralSecret, valueSyntax.Span,
                        $"\"{entry.Key}\" is a secret variable, so its value must not be written here: move it to \"secrets\" as a reference.");
                }
                else if (!known.Contains(entry.Key))
                {
                    bag.Add(DiagnosticCatalog.InstanceUnknownVariable, entry.KeySyntax.Span, entry.Key,
                        $"or filter in endpoint '{endpointId}'", NearestName.Suggestion(entry.Key, known));
                }
            }
        }
    }

    /// <summary>Endpoint values are plain text too: a secret variable's value there is as much a leak as in "values".</summary>
    private static void CheckEndpointValueSecrets(Model.Instance instance, Model.Connector connector, DiagnosticBag bag)
    {
        var secretKeys = new HashSet<string>(
            connector.Variables.Concat(connector.AuthMethods.SelectMany(a => a.Variables)).Where(v => v.Secret).Select(v => v.Key),
            StringComparer.Ordinal);
        foreach (var (_, values) in instance.EndpointValues.Values)
        {
            foreach (var entry in values)
            {
                if (secretKeys.Contains(entry.Key) && entry.ValueSyntax is { } valueSyntax)
                {
                    bag.Add(DiagnosticCatalog.LiteralSecret, valueSyntax.Span,
                        $"\"{entry.Key}\" is a secret variable, so its value must not be written here: move it to \"secrets\" as a reference (env:NAME or secret:NAME).");
                }
            }
        }
    }

    private static void CheckSecretReferences(Model.Instance instance, DiagnosticBag bag)
    {
        foreach (var entry in instance.Secrets)
        {
            if (entry.Value is not { } value || entry.ValueSyntax is not StringSyntax syntax)
            {
                continue;
            }
            if (SecretReference.TryParse(value, out _))
            {
                continue;
            }
            if (ReferencePrefix().IsMatch(value))
            {
                bag.Add(DiagnosticCatalog.MalformedSecretReference, syntax.Span, JsonScannerTruncate(value));
            }
            else
            {
                bag.Add(DiagnosticCatalog.LiteralSecret, syntax.Span,
                    $"\"{entry.Key}\" holds a literal secret. Instance files hold only references: write env:NAME (an environment variable) or secret:NAME (VS Code secret storage) and keep the value there.");
                bag.AmendLast(d => d with { Data = new Dictionary<string, string> { ["key"] = entry.Key } });
            }
        }
    }

    /// <summary>Never echo a secret back: a malformed reference is shown only up to its prefix.</summary>
    private static string JsonScannerTruncate(string value)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        return colon >= 0 && colon + 1 < value.Length ? value[..(colon + 1)] + "…" : value;
    }

    private static void CheckTimeZone(Model.Instance instance, DiagnosticBag bag)
    {
        if (instance.TimeZone is not { } zone || instance.TimeZoneSyntax is not { } syntax || !TimeZones.Available)
        {
            return;
        }
        if (!TimeZones.Exists(zone))
        {
            bag.Add(DiagnosticCatalog.UnknownTimeZone, syntax.Span, zone, NearestName.Suggestion(zone, TimeZones.Ids));
        }
    }

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.-]*:", RegexOptions.CultureInvariant)]
    private static partial Regex ReferencePrefix();
}
