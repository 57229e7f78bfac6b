using System.Text;
using Patchworks.Core.Model;
using Patchworks.Core.Syntax;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Resolution;

// Values: each {{placeholder}} resolved by the precedence (ad hoc, instance endpoint values, secrets, values, default, run time), recorded with where it came from.
public sealed partial class RequestResolver
{
    /// <summary>A value given for a key directly: ad hoc, or the instance's endpoint values.</summary>
    private (string Value, ValueSourceKind Source, string Description)? LookupGiven(string key)
    {
        if (_options.AdHocValues.TryGetValue(key, out var adHoc))
        {
            return (adHoc, ValueSourceKind.AdHoc, "given for this request");
        }
        if (_instance is not null && _endpoint.Id is { } id && _instance.EndpointValues.TryGetValue(id, out var values)
            && values.Values.FirstOrDefault(e => e.Key == key)?.Value is { } endpointValue)
        {
            return (endpointValue, ValueSourceKind.InstanceEndpointValue, $"instance endpointValues.{id}.{key}");
        }
        return null;
    }

    private ResolvedText Literal(string value, ValueSourceKind source, string description, bool secret, string key)
    {
        var display = secret && !_options.RevealSecrets ? Mask : value;
        var placeholder = new PlaceholderValue(key, display, source, description, secret);
        return new ResolvedText(display, [placeholder]);
    }

    /// <summary>Replaces every placeholder of a template, recording each value and its source.</summary>
    public ResolvedText ResolveTemplate(string template) => ResolveTemplate(template, 0);

    /// <param name="record">False while trying a filter: its values are recorded only if it is sent.</param>
    private ResolvedText ResolveTemplate(string template, int depth, bool record = true)
    {
        var tokens = PlaceholderScanner.Scan(template);
        if (tokens.Count == 0)
        {
            return new ResolvedText(template, []);
        }
        var text = new StringBuilder();
        var values = new List<PlaceholderValue>();
        var last = 0;
        foreach (var token in tokens)
        {
            text.Append(template, last, token.Start - last);
            last = token.End;
            if (token.Problem is not null || token.IsUnclosed)
            {
                text.Append(template, token.Start, token.Length);
                continue;
            }
            var value = token.Kind == PlaceholderKind.Variable ? ResolveVariable(token.Name, depth) : ResolveBuiltin(token.Name);
            values.Add(value);
            if (record)
            {
                Record(value);
            }
            text.Append(value.Source == ValueSourceKind.Missing ? token.Text : value.DisplayValue);
        }
        text.Append(template, last, template.Length - last);
        return new ResolvedText(text.ToString(), values);
    }

    private void Record(PlaceholderValue value)
    {
        if (_seenPlaceholders.Add(value.Placeholder))
        {
            _placeholders.Add(value);
            if (value.Source == ValueSourceKind.Missing)
            {
                _warnings.Add($"{value.Placeholder} has no value: {value.SourceDescription}.");
            }
        }
    }

    private PlaceholderValue ResolveVariable(string key, int depth)
    {
        var placeholder = $"{{{{{key}}}}}";
        var definition = FindDefinition(key);
        var secret = definition?.Secret == true;
        var describedAs = definition is null ? null : Describe(definition);

        // A missing value shows as the placeholder itself, in the request and in the list of values alike.
        PlaceholderValue Make(string value, ValueSourceKind source, string description, bool isSecret) =>
            new(placeholder, source == ValueSourceKind.Missing ? placeholder : isSecret && !_options.RevealSecrets ? Mask : value, source, description, isSecret) { Definition = describedAs };

        if (LookupGiven(key) is { } given)
        {
            return Make(given.Value, given.Source, given.Description, secret);
        }

        var instanceApplies = _instance is not null && definition is not null && definition.Level switch
        {
            VariableLevel.AuthMethod => true,
            VariableLevel.Connector => _auth is null || _auth.Uses.Any(u => u.Value == key),
            _ => false,
        };
        if (instanceApplies)
        {
            if (_instance!.Secrets.FirstOrDefault(e => e.Key == key) is { Value: { } referenceText })
            {
                if (!SecretReference.TryParse(referenceText, out var reference))
                {
                    return Make("", ValueSourceKind.Missing, $"the instance's secret \"{key}\" is not a reference (env:NAME or secret:NAME)", true);
                }
                var value = _options.Secrets.Get(reference!);
                return value is null
                    ? Make("", ValueSourceKind.Missing, $"the secret {reference} is not set{HowToSet(reference!)}", true)
                    : Make(value, ValueSourceKind.InstanceSecret, $"instance secret {reference}", true);
            }
            if (_instance.Values.FirstOrDefault(e => e.Key == key) is { Value: { } instanceValue })
            {
                return Make(instanceValue, ValueSourceKind.InstanceValue, $"instance values.{key}", secret);
            }
        }

        if (definition?.Default is { } defaultValue)
        {
            var resolved = depth < MaxDefaultDepth ? ResolveTemplate(defaultValue, depth + 1) : new ResolvedText(defaultValue, []);
            return Make(resolved.Text, ValueSourceKind.Default, $"default of the {describedAs}", secret || resolved.IsSecret);
        }

        if (definition?.Level == VariableLevel.AuthToken)
        {
            return _runtime.TryGetValue(key, out var token)
                ? Make(token, ValueSourceKind.Runtime, $"token from auth method '{definition.OwnerId}'", true)
                : new PlaceholderValue(placeholder, $"<token from auth method '{definition.OwnerId}'>", ValueSourceKind.Runtime,
                    $"obtained at run time by auth method '{definition.OwnerId}' from \"{_auth?.Token?.ResponsePath}\"", false) { Definition = describedAs };
        }

        if (definition is { Required: false, Level: not VariableLevel.AuthToken })
        {
            // An optional variable nobody filled in is empty, as a blank field on the platform is.
            return Make("", ValueSourceKind.Default, $"optional {describedAs} with no value: empty", secret);
        }

        var why = definition is null
            ? "no variable of the endpoint, its auth method or the connector has this key"
            : instanceApplies || _instance is null
                ? $"the {describedAs} has no default{(_instance is null ? " and no instance was given" : " and the instance gives no value")}"
                : $"the {describedAs} has no default, and instances do not fill {(definition.Level == VariableLevel.Endpoint ? "endpoint variables (use endpointValues or --var)" : $"it because auth method '{_auth?.Id}' does not use it")}";
        return new PlaceholderValue(placeholder, placeholder, ValueSourceKind.Missing, why, secret) { Definition = describedAs };
    }

    private static string HowToSet(SecretReference reference) => reference.Store == SecretStore.Environment
        ? $" (set the environment variable {reference.Name})"
        : $" (outside VS Code, set the environment variable {EnvironmentSecretProvider.EnvironmentNameFor(reference.Name)})";

    private VariableDefinition? FindDefinition(string key)
    {
        foreach (var variable in _endpoint.Variables)
        {
            if (variable.Key == key) return variable;
        }
        if (_auth is not null)
        {
            foreach (var variable in _auth.Variables)
            {
                if (variable.Key == key) return variable;
            }
            if (_auth.TokenVariable is { } token && token.Key == key) return token;
        }
        foreach (var variable in _connector.Variables)
        {
            if (variable.Key == key) return variable;
        }
        return null;
    }

    private static string Describe(VariableDefinition definition) => definition.Level switch
    {
        VariableLevel.Connector => "connector variable",
        VariableLevel.AuthMethod => $"auth variable of '{definition.OwnerId}'",
        VariableLevel.AuthToken => $"token variable of '{definition.OwnerId}'",
        _ => $"endpoint variable of '{definition.OwnerId}'",
    };

    private PlaceholderValue ResolveBuiltin(string name)
    {
        var placeholder = $"[[{name}]]";
        if (_options.AdHocValues.TryGetValue(name, out var adHoc))
        {
            return new PlaceholderValue(placeholder, adHoc, ValueSourceKind.AdHoc, "given for this request", false);
        }
        if (_runtime.TryGetValue(name, out var runtime))
        {
            return new PlaceholderValue(placeholder, runtime, ValueSourceKind.Runtime, name.StartsWith("pagination.", StringComparison.Ordinal) ? "first page" : "run time", false);
        }
        var why = name.StartsWith("meta.", StringComparison.Ordinal)
            ? $"meta values come from the flow's payload; give one with --var {name}=value"
            : "this endpoint's pagination does not set it";
        return new PlaceholderValue(placeholder, placeholder, ValueSourceKind.Missing, why, false);
    }
}
