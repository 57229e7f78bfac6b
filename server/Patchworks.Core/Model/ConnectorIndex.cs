using Patchworks.Core.Syntax;
using Patchworks.Core.Text;

namespace Patchworks.Core.Model;

public enum TemplateScopeKind
{
    Connector,
    AuthMethod,
    Endpoint,

    /// <summary>An event connector's broker and listeners: every auth method's variables (the instance picks one), then the connector's.</summary>
    Broker,
}

/// <summary>Where a template is written, which decides the variables it can see.</summary>
public sealed record TemplateScope(TemplateScopeKind Kind, AuthMethod? AuthMethod = null, Endpoint? Endpoint = null);

/// <summary>One use of a placeholder: where it is written and, for a variable, the definition it refers to.</summary>
public sealed class PlaceholderReference
{
    public required PlaceholderToken Token { get; init; }

    /// <summary>The file the placeholder is written in: the connector, or a file it references (a SOAP envelope, a sample body).</summary>
    public required string FilePath { get; init; }

    public required TextSpan Span { get; init; }
    public required TextSpan NameSpan { get; init; }
    public required TemplateScope Scope { get; init; }

    /// <summary>The string holding the placeholder, when it is in the connector file.</summary>
    public StringSyntax? Host { get; init; }

    /// <summary>The definition a {{key}} resolves to, or null when no scope defines it.</summary>
    public VariableDefinition? Target { get; init; }
}

/// <summary>
/// The connector's symbol index: every variable definition and every placeholder use, resolved once.
/// Rules (undefined, unused) and editor features (definition, references, rename) all derive from it.
/// </summary>
public sealed class ConnectorIndex
{
    private readonly List<PlaceholderReference> _references = [];
    private readonly Dictionary<string, LineIndex> _referencedFileLines = new(StringComparer.Ordinal);
    private PlaceholderReference[]? _sortedConnectorReferences;

    private ConnectorIndex(Connector connector)
    {
        Connector = connector;
    }

    public Connector Connector { get; }

    public IReadOnlyList<PlaceholderReference> References => _references;

    /// <summary>Line indexes of the referenced files that hold placeholders, for their diagnostics' ranges.</summary>
    public IReadOnlyDictionary<string, LineIndex> ReferencedFileLines => _referencedFileLines;

    public static ConnectorIndex Build(Connector connector)
    {
        var index = new ConnectorIndex(connector);
        index.Collect();
        return index;
    }

    /// <summary>Every variable definition in the connector, token variables included.</summary>
    public IEnumerable<VariableDefinition> Definitions()
    {
        foreach (var v in Connector.Variables) yield return v;
        foreach (var auth in Connector.AuthMethods)
        {
            foreach (var v in auth.Variables) yield return v;
            if (auth.TokenVariable is { } token) yield return token;
        }
        foreach (var endpoint in Connector.Endpoints)
        {
            foreach (var v in endpoint.Variables) yield return v;
        }
    }

    /// <summary>The variables a scope sees, innermost first, each with the scope name messages use.</summary>
    public IEnumerable<(string ScopeName, IEnumerable<VariableDefinition> Variables)> ScopeChain(TemplateScope scope)
    {
        if (scope.Endpoint is { } endpoint)
        {
            yield return ($"endpoint '{endpoint.Id}' variables", endpoint.Variables);
            foreach (var auth in Connector.AuthMethodsFor(endpoint))
            {
                yield return ($"auth method '{auth.Id}' variables", AuthVariables(auth));
            }
        }
        else if (scope.AuthMethod is { } auth)
        {
            yield return ($"auth method '{auth.Id}' variables", AuthVariables(auth));
        }
        else if (scope.Kind == TemplateScopeKind.Broker)
        {
            // As at run time (RequestResolver.TemplateResolver): the instance's auth method's variables, then the connector's.
            foreach (var method in Connector.AuthMethods)
            {
                yield return ($"auth method '{method.Id}' variables", AuthVariables(method));
            }
        }
        yield return ("connector variables", Connector.Variables);
    }

    private static IEnumerable<VariableDefinition> AuthVariables(AuthMethod auth) =>
        auth.TokenVariable is { } token ? auth.Variables.Append(token) : auth.Variables;

    /// <summary>The definition a key resolves to from a scope (innermost wins), or null.</summary>
    public VariableDefinition? Lookup(TemplateScope scope, string key)
    {
        foreach (var (_, variables) in ScopeChain(scope))
        {
            foreach (var variable in variables)
            {
                if (variable.Key == key)
                {
                    return variable;
                }
            }
        }
        return null;
    }

    /// <summary>Every variable a scope can see, innermost first, hidden ones left out: what completion offers.</summary>
    public IEnumerable<VariableDefinition> Visible(TemplateScope scope)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, variables) in ScopeChain(scope))
        {
            foreach (var variable in variables)
            {
                if (seen.Add(variable.Key))
                {
                    yield return variable;
                }
            }
        }
    }

    public IEnumerable<PlaceholderReference> ReferencesTo(VariableDefinition definition) =>
        _references.Where(r => ReferenceEquals(r.Target, definition));

    /// <summary>The placeholder at an offset of the connector file (the cursor may be just after it), or null.</summary>
    public PlaceholderReference? ReferenceAt(int offset)
    {
        var sorted = _sortedConnectorReferences ??= [.. _references
            .Where(r => r.FilePath == Connector.FilePath)
            .OrderBy(r => r.Span.Start)];
        int lo = 0, hi = sorted.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var span = sorted[mid].Span;
            if (offset < span.Start)
            {
                hi = mid - 1;
            }
            else if (offset > span.End)
            {
                lo = mid + 1;
            }
            else
            {
                return sorted[mid];
            }
        }
        return null;
    }

    /// <summary>The variable whose definition (its "key" string) is at an offset, or null.</summary>
    public VariableDefinition? DefinitionAt(int offset) =>
        Definitions().FirstOrDefault(d => d.KeySyntax is StringSyntax && d.KeySyntax.Span.ContainsOrTouches(offset));

    private void Collect()
    {
        var connectorScope = new TemplateScope(TemplateScopeKind.Connector);
        foreach (var variable in Connector.Variables)
        {
            AddString(variable.DefaultSyntax, connectorScope);
        }

        foreach (var auth in Connector.AuthMethods)
        {
            var scope = new TemplateScope(TemplateScopeKind.AuthMethod, AuthMethod: auth);
            AddString(auth.Url, scope);
            AddString(auth.AdditionalUrl, scope);
            foreach (var variable in auth.Variables)
            {
                AddString(variable.DefaultSyntax, scope);
            }
            AddParameters(auth.Query, scope);
            AddParameters(auth.Headers, scope);
            AddParameters(auth.Body, scope);
            foreach (var block in auth.SettingsBlocks.Values)
            {
                AddAllStrings(block.Value, scope);
            }
            AddFile(auth.SoapEnvelopeFile, scope);
        }

        foreach (var endpoint in Connector.Endpoints)
        {
            var scope = new TemplateScope(TemplateScopeKind.Endpoint, Endpoint: endpoint);
            AddString(endpoint.Url, scope);
            foreach (var variable in endpoint.Variables)
            {
                AddString(variable.DefaultSyntax, scope);
            }
            AddParameters(endpoint.Query, scope);
            AddParameters(endpoint.Headers, scope);
            AddParameters(endpoint.Body, scope);
            AddAllStrings(endpoint.InlineSampleBody, scope);
            AddFile(endpoint.SampleBodyFile, scope);
        }

        // Event connectors: the broker's and the listeners' names see the auth methods' and the connector's variables
        // (listeners have none of their own), as the listen resolves them.
        var brokerScope = new TemplateScope(TemplateScopeKind.Broker);
        if (Connector.Broker is { } broker)
        {
            AddAllStrings(broker.Syntax, brokerScope);
        }
        foreach (var listener in Connector.Listeners)
        {
            AddAllStrings(listener.Queue?.Syntax, brokerScope);
            AddAllStrings(listener.Exchange?.Syntax, brokerScope);
            AddAllStrings(listener.BindingKeysSyntax, brokerScope);
        }
    }

    private void AddParameters(IReadOnlyList<Parameter> parameters, TemplateScope scope)
    {
        foreach (var parameter in parameters)
        {
            AddString(parameter.ValueSyntax, scope);
        }
    }

    private void AddAllStrings(SyntaxNode? node, TemplateScope scope)
    {
        switch (node)
        {
            case StringSyntax s:
                AddString(s, scope);
                break;
            case ObjectSyntax o:
                foreach (var property in o.Properties)
                {
                    AddAllStrings(property.Value, scope);
                }
                break;
            case ArraySyntax a:
                foreach (var item in a.Items)
                {
                    AddAllStrings(item, scope);
                }
                break;
        }
    }

    private void AddString(StringSyntax? host, TemplateScope scope)
    {
        // Most strings hold no placeholder: a cheap test keeps indexing a 5 MB connector fast.
        if (host is null || !ContainsOpening(host.Value))
        {
            return;
        }
        var tree = Connector.Tree;
        foreach (var token in PlaceholderScanner.Scan(host.Value))
        {
            var start = tree.OffsetOfValueChar(host, token.Start);
            var end = tree.OffsetOfValueChar(host, token.End);
            var nameStart = tree.OffsetOfValueChar(host, token.NameStart);
            var nameEnd = tree.OffsetOfValueChar(host, token.NameStart + token.NameLength);
            _references.Add(new PlaceholderReference
            {
                Token = token,
                FilePath = Connector.FilePath,
                Span = TextSpan.FromBounds(start, end),
                NameSpan = TextSpan.FromBounds(nameStart, nameEnd),
                Scope = scope,
                Host = host,
                Target = Resolve(token, scope),
            });
        }
    }

    private void AddFile(FileReference? file, TemplateScope scope)
    {
        if (file?.Text is not { } text || !ContainsOpening(text))
        {
            return;
        }
        var tokens = PlaceholderScanner.Scan(text);
        if (tokens.Count > 0)
        {
            _referencedFileLines[file.FullPath] = new LineIndex(text);
        }
        foreach (var token in tokens)
        {
            _references.Add(new PlaceholderReference
            {
                Token = token,
                FilePath = file.FullPath,
                Span = new TextSpan(token.Start, token.Length),
                NameSpan = new TextSpan(token.NameStart, token.NameLength),
                Scope = scope,
                Target = Resolve(token, scope),
            });
        }
    }

    private VariableDefinition? Resolve(PlaceholderToken token, TemplateScope scope) =>
        token is { Kind: PlaceholderKind.Variable, Problem: null, IsUnclosed: false } ? Lookup(scope, token.Name) : null;

    private static bool ContainsOpening(string text) => text.AsSpan().IndexOfAny('{', '[') >= 0;
}
