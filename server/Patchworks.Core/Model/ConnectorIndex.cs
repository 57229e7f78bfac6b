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
    private readonly TextSpan _span;
    private readonly TextSpan _nameSpan;

    /// <param name="span">Where the placeholder is: relative to the start of <paramref name="host"/> when there is one, else in its file.</param>
    /// <param name="nameSpan">Where its name is, the same way.</param>
    internal PlaceholderReference(PlaceholderToken token, string filePath, TextSpan span, TextSpan nameSpan, TemplateScope scope, StringSyntax? host, VariableDefinition? target)
    {
        Token = token;
        FilePath = filePath;
        _span = span;
        _nameSpan = nameSpan;
        Scope = scope;
        Host = host;
        Target = target;
    }

    public PlaceholderToken Token { get; }

    /// <summary>The file the placeholder is written in: the connector, or a file it references (a SOAP envelope, a sample body).</summary>
    public string FilePath { get; }

    /// <summary>
    /// Where the placeholder is written. In the connector file it follows the string holding it, which an edit before
    /// it moves: an endpoint's placeholders are found once while the endpoint is unchanged (<see cref="ConnectorIndex"/>).
    /// </summary>
    public TextSpan Span => Host is { } host ? new TextSpan(host.Span.Start + _span.Start, _span.Length) : _span;

    public TextSpan NameSpan => Host is { } host ? new TextSpan(host.Span.Start + _nameSpan.Start, _nameSpan.Length) : _nameSpan;

    public TemplateScope Scope { get; }

    /// <summary>The string holding the placeholder, when it is in the connector file.</summary>
    public StringSyntax? Host { get; }

    /// <summary>The definition a {{key}} resolves to, or null when no scope defines it.</summary>
    public VariableDefinition? Target { get; }
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
    private readonly HashSet<VariableDefinition> _usedDefinitions = new(ReferenceEqualityComparer.Instance);
    private Dictionary<Endpoint, string[]> _builtinsByEndpoint = new(ReferenceEqualityComparer.Instance);

    /// <summary>The placeholders of one string of the connector or an auth method, while it is indexed.</summary>
    private readonly List<FoundPlaceholder> _scratch = [];
    private readonly Dictionary<string, (IReadOnlyList<PlaceholderToken> Tokens, string[] Builtins)> _fileTokens = new(ReferenceEqualityComparer.Instance);

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
    /// <remarks>
    /// The order of <see cref="ScopeChain"/>, walked without its scope names: every placeholder of a 5 MB connector is
    /// resolved at every edit, and building the names cost more than the search.
    /// </remarks>
    public VariableDefinition? Lookup(TemplateScope scope, string key)
    {
        if (scope.Endpoint is { } endpoint)
        {
            if (Find(endpoint.Variables, key) is { } own)
            {
                return own;
            }
            if (endpoint.AuthMethodRefs is { } refs)
            {
                for (var i = 0; i < refs.Count; i++)
                {
                    if (Connector.FindAuthMethod(refs[i].Value) is { } auth && FindInAuth(auth, key) is { } found)
                    {
                        return found;
                    }
                }
            }
            else
            {
                for (var i = 0; i < Connector.AuthMethods.Count; i++)
                {
                    if (FindInAuth(Connector.AuthMethods[i], key) is { } found)
                    {
                        return found;
                    }
                }
            }
        }
        else if (scope.AuthMethod is { } auth)
        {
            if (FindInAuth(auth, key) is { } found)
            {
                return found;
            }
        }
        else if (scope.Kind == TemplateScopeKind.Broker)
        {
            foreach (var method in Connector.AuthMethods)
            {
                if (FindInAuth(method, key) is { } found)
                {
                    return found;
                }
            }
        }
        return Find(Connector.Variables, key);

        static VariableDefinition? FindInAuth(AuthMethod auth, string key) =>
            Find(auth.Variables, key) ?? (auth.TokenVariable is { } token && token.Key == key ? token : null);

        // By index, not foreach: an enumerator of a list seen as IReadOnlyList is boxed, and this runs for every placeholder.
        static VariableDefinition? Find(IReadOnlyList<VariableDefinition> variables, string key)
        {
            for (var i = 0; i < variables.Count; i++)
            {
                if (variables[i].Key == key)
                {
                    return variables[i];
                }
            }
            return null;
        }
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

    /// <summary>Whether any placeholder refers to a definition (found while indexing: the unused-variable rule asks for every definition).</summary>
    public bool IsUsed(VariableDefinition definition) => _usedDefinitions.Contains(definition);

    /// <summary>
    /// Whether an endpoint writes a built-in placeholder (<c>[[pagination.page]]</c>...) anywhere: its own strings or
    /// the files it references. Found while indexing: the pagination rules ask for every endpoint.
    /// </summary>
    public bool UsesBuiltin(Endpoint endpoint, string name) =>
        _builtinsByEndpoint.TryGetValue(endpoint, out var names) && Array.IndexOf(names, name) >= 0;

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

        _builtinsByEndpoint = new(Connector.Endpoints.Count, ReferenceEqualityComparer.Instance);
        foreach (var endpoint in Connector.Endpoints)
        {
            var scope = new TemplateScope(TemplateScopeKind.Endpoint, Endpoint: endpoint);
            var placeholders = PlaceholdersOf(endpoint);
            foreach (var found in placeholders.Found)
            {
                Add(new PlaceholderReference(found.Token, Connector.FilePath, found.Span, found.NameSpan, scope, found.Host, Resolve(found.Token, scope)));
            }
            var inFile = AddFile(endpoint.SampleBodyFile, scope);
            var builtins = inFile.Length == 0 ? placeholders.Builtins : [.. placeholders.Builtins.Union(inFile, StringComparer.Ordinal)];
            if (builtins.Length > 0)
            {
                _builtinsByEndpoint[endpoint] = builtins;
            }
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

    private void Add(PlaceholderReference reference)
    {
        _references.Add(reference);
        if (reference.Target is { } target)
        {
            _usedDefinitions.Add(target);
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
        var found = _scratch;
        found.Clear();
        Find(Connector.Tree, host, found);
        foreach (var placeholder in found)
        {
            Add(new PlaceholderReference(placeholder.Token, Connector.FilePath, placeholder.Span, placeholder.NameSpan, scope, host, Resolve(placeholder.Token, scope)));
        }
    }

    /// <summary>A placeholder found in a string of the connector, its spans relative to the string's start.</summary>
    private sealed record FoundPlaceholder(PlaceholderToken Token, StringSyntax Host, TextSpan Span, TextSpan NameSpan);

    /// <summary>An endpoint's placeholders, and the names of the built-ins among them (each once).</summary>
    private sealed record EndpointPlaceholderSet(FoundPlaceholder[] Found, string[] Builtins);

    private static readonly SubtreeMemo<EndpointPlaceholderSet> EndpointPlaceholders = new();

    /// <summary>
    /// The placeholders written in an endpoint (its URL, variables' defaults, parameters, inline sample body), found
    /// once while the endpoint is unchanged: their spans are relative to their strings, which move with the text, and
    /// what they refer to is resolved at every build (a variable may have been added elsewhere since).
    /// </summary>
    private EndpointPlaceholderSet PlaceholdersOf(Endpoint endpoint)
    {
        if (EndpointPlaceholders.TryGet(endpoint.Syntax, out var known))
        {
            return known;
        }
        var found = new List<FoundPlaceholder>();
        var tree = Connector.Tree;
        Find(tree, endpoint.Url, found);
        foreach (var variable in endpoint.Variables)
        {
            Find(tree, variable.DefaultSyntax, found);
        }
        foreach (var parameters in (IReadOnlyList<Parameter>[])[endpoint.Query, endpoint.Headers, endpoint.Body])
        {
            foreach (var parameter in parameters)
            {
                Find(tree, parameter.ValueSyntax, found);
            }
        }
        FindAll(tree, endpoint.InlineSampleBody, found);
        var result = new EndpointPlaceholderSet([.. found], BuiltinNames(found.Select(f => f.Token)));
        EndpointPlaceholders.Set(endpoint.Syntax, result);
        return result;
    }

    private static void FindAll(SyntaxTree tree, SyntaxNode? node, List<FoundPlaceholder> found)
    {
        switch (node)
        {
            case StringSyntax s:
                Find(tree, s, found);
                break;
            case ObjectSyntax o:
                foreach (var property in o.Properties)
                {
                    FindAll(tree, property.Value, found);
                }
                break;
            case ArraySyntax a:
                foreach (var item in a.Items)
                {
                    FindAll(tree, item, found);
                }
                break;
        }
    }

    private static void Find(SyntaxTree tree, StringSyntax? host, List<FoundPlaceholder> found)
    {
        // Most strings hold no placeholder: a cheap test keeps indexing a 5 MB connector fast.
        if (host is null || !ContainsOpening(host.Value))
        {
            return;
        }
        var hostStart = host.Span.Start;
        foreach (var token in PlaceholderScanner.Scan(host.Value))
        {
            var start = tree.OffsetOfValueChar(host, token.Start) - hostStart;
            var end = tree.OffsetOfValueChar(host, token.End) - hostStart;
            var nameStart = tree.OffsetOfValueChar(host, token.NameStart) - hostStart;
            var nameEnd = tree.OffsetOfValueChar(host, token.NameStart + token.NameLength) - hostStart;
            found.Add(new FoundPlaceholder(token, host, TextSpan.FromBounds(start, end), TextSpan.FromBounds(nameStart, nameEnd)));
        }
    }

    /// <returns>The names of the built-ins the file writes, each once.</returns>
    private string[] AddFile(FileReference? file, TemplateScope scope)
    {
        if (file?.Text is not { } text || !ContainsOpening(text))
        {
            return [];
        }
        // Endpoints share files (a 5 MB connector names the same sample body hundreds of times; the loader gives
        // them one text): scan each text once per build.
        if (!_fileTokens.TryGetValue(text, out var scanned))
        {
            var tokens = PlaceholderScanner.Scan(text);
            _fileTokens[text] = scanned = (tokens, BuiltinNames(tokens));
            if (tokens.Count > 0)
            {
                _referencedFileLines[file.FullPath] = new LineIndex(text);
            }
        }
        foreach (var token in scanned.Tokens)
        {
            Add(new PlaceholderReference(token, file.FullPath, new TextSpan(token.Start, token.Length),
                new TextSpan(token.NameStart, token.NameLength), scope, null, Resolve(token, scope)));
        }
        return scanned.Builtins;
    }

    private static string[] BuiltinNames(IEnumerable<PlaceholderToken> tokens) =>
        [.. tokens.Where(t => t.Kind == PlaceholderKind.Builtin).Select(t => t.Name).Distinct(StringComparer.Ordinal)];

    private VariableDefinition? Resolve(PlaceholderToken token, TemplateScope scope) =>
        token is { Kind: PlaceholderKind.Variable, Problem: null, IsUnclosed: false } ? Lookup(scope, token.Name) : null;

    private static bool ContainsOpening(string text) => text.AsSpan().IndexOfAny('{', '[') >= 0;
}
