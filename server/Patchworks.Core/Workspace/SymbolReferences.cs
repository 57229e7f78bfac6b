using Patchworks.Core.Model;
using Patchworks.Core.Rules.Instances;
using Patchworks.Core.Syntax;
using Patchworks.Core.Testing;
using Patchworks.Core.Text;

namespace Patchworks.Core.Workspace;

/// <summary>
/// Every symbol of one connector (targets) and every use of their names (origins) in the connector, the files it
/// references and its instances, resolved once. As in terraform-ls, definition, references, highlights, rename
/// and workspace symbols are all queries over this one index rather than searches of their own. Variable uses
/// come from the connector's own <see cref="ConnectorIndex"/>, so a {{key}} resolves exactly as the rules say.
/// The connector's tests files count as uses too: their endpoint keys and case variables, so an endpoint renamed in
/// the connector keeps its tests.
/// </summary>
public sealed class SymbolReferences
{
    private readonly List<ConnectorSymbol> _symbols = [];
    private readonly List<SymbolUse> _uses = [];

    // What the cursor can be on, per file: a use or a declaration. A placeholder is hit on its braces too.
    private readonly List<(string FilePath, TextSpan Hit, ConnectorSymbol Symbol, SymbolLocation Location)> _hits = [];
    private readonly Dictionary<object, ConnectorSymbol> _byModel = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, string> _texts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LineIndex> _lines = new(StringComparer.Ordinal);

    private SymbolReferences(ConnectorDocument connector, IReadOnlyList<InstanceDocument> instances, IReadOnlyList<TestsFile> testsFiles)
    {
        Connector = connector;
        Instances = instances;
        TestsFiles = testsFiles;
    }

    public ConnectorDocument Connector { get; }
    public IReadOnlyList<InstanceDocument> Instances { get; }

    /// <summary>The tests files of this connector (<see cref="TestsFile.ConnectorFullPath"/> is its path).</summary>
    public IReadOnlyList<TestsFile> TestsFiles { get; }
    public IReadOnlyList<ConnectorSymbol> Symbols => _symbols;
    public IReadOnlyList<SymbolUse> Uses => _uses;

    /// <summary>The text of every file a location can be in, for checking edits before they are made.</summary>
    public IReadOnlyDictionary<string, string> Texts => _texts;

    /// <summary>The line index of a file the index covers, to turn an editor's position into an offset; null for others.</summary>
    public LineIndex? LinesOf(string filePath) => _lines.GetValueOrDefault(filePath);

    /// <param name="instances">The instances whose connector is this one; others are ignored.</param>
    /// <param name="testsFiles">The tests files whose connector is this one; others are ignored.</param>
    public static SymbolReferences Build(ConnectorDocument connector, IEnumerable<InstanceDocument> instances, IEnumerable<TestsFile>? testsFiles = null)
    {
        var own = instances.Where(i => i.Model.ConnectorFullPath == connector.FilePath).ToList();
        var tests = (testsFiles ?? []).Where(t => t.ConnectorFullPath == connector.FilePath).DistinctBy(t => t.FilePath).ToList();
        var index = new SymbolReferences(connector, own, tests);
        index.CollectConnector();
        foreach (var instance in own)
        {
            index.CollectInstance(instance);
        }
        foreach (var file in tests)
        {
            index.CollectTestsFile(file);
        }
        return index;
    }

    /// <summary>The symbol whose name (declared or used) is at an offset of a file, with the name's location there.</summary>
    public (ConnectorSymbol Symbol, SymbolLocation Location)? At(string filePath, int offset)
    {
        foreach (var (path, hit, symbol, location) in _hits)
        {
            if (path == filePath && hit.ContainsOrTouches(offset))
            {
                return (symbol, location);
            }
        }
        return null;
    }

    public IEnumerable<SymbolUse> UsesOf(ConnectorSymbol symbol) => _uses.Where(u => ReferenceEquals(u.Target, symbol));

    /// <summary>Every place the symbol's name is written: the declaration first (when asked for and explicit), then its uses in file order.</summary>
    public IReadOnlyList<SymbolLocation> Locations(ConnectorSymbol symbol, bool includeDeclaration)
    {
        var result = new List<SymbolLocation>();
        if (includeDeclaration && symbol.HasExplicitName)
        {
            result.Add(symbol.Declaration);
        }
        result.AddRange(UsesOf(symbol)
            .Select(u => u.Location)
            .OrderBy(l => l.FilePath, StringComparer.Ordinal)
            .ThenBy(l => l.Span.Start));
        return result;
    }

    public ConnectorSymbol? SymbolOf(object model) => _byModel.GetValueOrDefault(model);

    private void CollectConnector()
    {
        var model = Connector.Model;
        var lines = Connector.Tree.Lines;
        var path = Connector.FilePath;
        Remember(path, Connector.Tree.Text, lines);

        var file = new ConnectorSymbol
        {
            Kind = ConnectorSymbolKind.ConnectorFile,
            Name = model.Name ?? Path.GetFileName(path),
            Model = model,
            ConnectorPath = path,
            Declaration = SymbolLocation.Of(path, new TextSpan(0, 0), lines),
            HasExplicitName = false,
        };
        Add(file);

        foreach (var definition in Connector.Index.Definitions())
        {
            AddVariable(definition);
        }
        foreach (var auth in model.AuthMethods)
        {
            if (auth.Id is { } id && auth.IdSyntax is { } idSyntax)
            {
                Declare(ConnectorSymbolKind.AuthMethod, id, auth, idSyntax, model.Name);
            }
        }
        foreach (var endpoint in model.Endpoints)
        {
            if (endpoint.Id is { } id && endpoint.IdSyntax is { } idSyntax)
            {
                Declare(ConnectorSymbolKind.Endpoint, id, endpoint, idSyntax, model.Name);
            }
        }

        foreach (var reference in Connector.Index.References)
        {
            if (reference.Target is { } target && SymbolOf(target) is { } symbol)
            {
                var referenceLines = reference.FilePath == path ? lines : Connector.Index.ReferencedFileLines[reference.FilePath];
                if (!_texts.ContainsKey(reference.FilePath))
                {
                    Remember(reference.FilePath, ReferencedText(reference.FilePath), referenceLines);
                }
                AddUse(symbol, reference.FilePath, reference.Span, SymbolLocation.Of(reference.FilePath, reference.NameSpan, referenceLines));
            }
        }
        foreach (var auth in model.AuthMethods)
        {
            foreach (var item in auth.Uses)
            {
                if (model.Variables.FirstOrDefault(v => v.Key == item.Value) is { } variable)
                {
                    AddStringUse(SymbolOf(variable), path, item, lines);
                }
            }
        }
        foreach (var endpoint in model.Endpoints)
        {
            foreach (var item in endpoint.AuthMethodRefs ?? [])
            {
                if (model.FindAuthMethod(item.Value) is { } auth)
                {
                    AddStringUse(SymbolOf(auth), path, item, lines);
                }
            }
        }
    }

    private void Remember(string filePath, string text, LineIndex lines)
    {
        _texts[filePath] = text;
        _lines[filePath] = lines;
    }

    private string ReferencedText(string filePath) =>
        Connector.Model.FileReferences().FirstOrDefault(f => f.FullPath == filePath)?.Text ?? "";

    private void CollectInstance(InstanceDocument document)
    {
        var instance = document.Model;
        var connector = Connector.Model;
        var path = document.FilePath;
        var lines = document.Tree.Lines;
        Remember(path, document.Tree.Text, lines);

        if (instance.ConnectorSyntax is { } connectorSyntax && SymbolOf(connector) is { } file)
        {
            AddStringUse(file, path, connectorSyntax, lines);
        }
        var auth = instance.AuthMethodId is { } authId ? connector.FindAuthMethod(authId) : null;
        if (auth is not null)
        {
            AddStringUse(SymbolOf(auth), path, instance.AuthMethodSyntax!, lines);
        }
        foreach (var entry in instance.Values.Concat(instance.Secrets))
        {
            AddStringUse(InstanceValueTarget(connector, auth, entry.Key), path, entry.KeySyntax, lines);
        }
        foreach (var (endpointId, (keySyntax, values)) in instance.EndpointValues)
        {
            if (connector.FindEndpoint(endpointId) is not { } endpoint)
            {
                continue;
            }
            AddStringUse(SymbolOf(endpoint), path, keySyntax, lines);
            foreach (var entry in values)
            {
                // Endpoint values fill the endpoint's own variables; other keys name its parameters (filters).
                if (endpoint.Variables.FirstOrDefault(v => v.Key == entry.Key) is { } variable)
                {
                    AddStringUse(SymbolOf(variable), path, entry.KeySyntax, lines);
                }
            }
        }
    }

    /// <summary>
    /// A tests file names the connector ("connector"), its endpoints (the keys of "endpoints") and, in a case's
    /// "variables", the variables the endpoint sees, through the endpoint's scope chain as its {{key}}s resolve. Keys naming a parameter (a filter) are no symbol, and nothing else is.
    /// </summary>
    private void CollectTestsFile(TestsFile file)
    {
        var connector = Connector.Model;
        var path = file.FilePath;
        var lines = file.Tree.Lines;
        Remember(path, file.Tree.Text, lines);

        if (file.ConnectorSyntax is { } connectorSyntax && SymbolOf(connector) is { } connectorFile)
        {
            AddStringUse(connectorFile, path, connectorSyntax, lines);
        }
        if (file.Syntax?["endpoints"] is not ObjectSyntax endpoints)
        {
            return;
        }
        foreach (var property in endpoints.Properties)
        {
            if (connector.FindEndpoint(property.Name) is not { } endpoint)
            {
                continue;
            }
            AddStringUse(SymbolOf(endpoint), path, property.Key, lines);
            foreach (var variable in file.Cases.Where(c => ReferenceEquals(c.EndpointSyntax, property.Key)).SelectMany(c => c.Variables))
            {
                var definition = Connector.Index.ScopeChain(new TemplateScope(TemplateScopeKind.Endpoint, Endpoint: endpoint))
                    .SelectMany(scope => scope.Variables).FirstOrDefault(v => v.Key == variable.Key);
                AddStringUse(definition is null ? null : SymbolOf(definition), path, variable.KeySyntax, lines);
            }
        }
    }

    /// <summary>
    /// The variable an instance "values"/"secrets" key fills: the instance's auth method's own variable first,
    /// then a connector variable, as <see cref="InstanceAnalyzer.InstanceVariables"/> asks for them.
    /// </summary>
    private ConnectorSymbol? InstanceValueTarget(Connector connector, AuthMethod? auth, string key)
    {
        var variable = auth?.Variables.FirstOrDefault(v => v.Key == key) ?? connector.Variables.FirstOrDefault(v => v.Key == key);
        return variable is null ? null : SymbolOf(variable);
    }

    private void AddVariable(VariableDefinition definition)
    {
        var path = Connector.FilePath;
        var lines = Connector.Tree.Lines;
        // A token variable without "token.variable" is named by nothing in the text: it can be found, not renamed.
        var isExplicit = definition.KeySyntax is StringSyntax key && key.Value == definition.Key
            && key.Parent is PropertySyntax { Name: "key" or "variable" };
        var declaration = isExplicit
            ? SymbolLocation.Of(path, (StringSyntax)definition.KeySyntax, lines)
            : SymbolLocation.Of(path, definition.KeySyntax.Span, lines);
        var symbol = new ConnectorSymbol
        {
            Kind = ConnectorSymbolKind.Variable,
            Name = definition.Key,
            Model = definition,
            ConnectorPath = path,
            Declaration = declaration,
            HasExplicitName = isExplicit,
            Container = definition.ScopeName,
        };
        Add(symbol);
        if (isExplicit)
        {
            _hits.Add((path, definition.KeySyntax.Span, symbol, declaration));
        }
    }

    private void Declare(ConnectorSymbolKind kind, string name, object model, StringSyntax nameSyntax, string? container)
    {
        var declaration = SymbolLocation.Of(Connector.FilePath, nameSyntax, Connector.Tree.Lines);
        var symbol = new ConnectorSymbol
        {
            Kind = kind,
            Name = name,
            Model = model,
            ConnectorPath = Connector.FilePath,
            Declaration = declaration,
            Container = container,
        };
        Add(symbol);
        _hits.Add((Connector.FilePath, nameSyntax.Span, symbol, declaration));
    }

    private void Add(ConnectorSymbol symbol)
    {
        _symbols.Add(symbol);
        _byModel.TryAdd(symbol.Model, symbol);
    }

    private void AddStringUse(ConnectorSymbol? symbol, string filePath, StringSyntax name, LineIndex lines)
    {
        if (symbol is not null)
        {
            AddUse(symbol, filePath, name.Span, SymbolLocation.Of(filePath, name, lines));
        }
    }

    private void AddUse(ConnectorSymbol symbol, string filePath, TextSpan hit, SymbolLocation location)
    {
        _uses.Add(new SymbolUse(symbol, location));
        _hits.Add((filePath, hit, symbol, location));
    }
}
