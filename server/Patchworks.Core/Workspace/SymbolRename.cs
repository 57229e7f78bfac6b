using System.Text.RegularExpressions;
using Patchworks.Core.Model;
using Patchworks.Core.Syntax;
using Patchworks.Core.Text;

namespace Patchworks.Core.Workspace;

/// <summary>One replacement of a name: exactly the name's characters, nothing around them.</summary>
public sealed record RenameEdit(string FilePath, TextSpan Span, TextRange Range, string NewText);

/// <summary>A folder that follows a renamed name: an endpoint's recordings (recordings/&lt;id&gt;/ beside its connector).</summary>
public sealed record FolderRename(string OldPath, string NewPath);

/// <summary>What a rename would do: the edits, or why it is refused (then there are no edits).</summary>
public sealed record RenamePlan(IReadOnlyList<RenameEdit> Edits, string? Refusal)
{
    /// <summary>
    /// Folders to rename with the text: only editors that can rename files apply these. Without them the
    /// endpoint's recordings stay under the old id, and replaying its cases finds none until they are moved or re-recorded.
    /// </summary>
    public IReadOnlyList<FolderRename> Folders { get; init; } = [];

    public static RenamePlan Refused(string reason) => new([], reason);
}

/// <summary>The name a rename at a position would change, or why nothing there can be renamed.</summary>
public sealed record RenameTarget(ConnectorSymbol? Symbol, SymbolLocation? Location, string? Refusal);

/// <summary>
/// Renames a variable, auth method id or endpoint id everywhere the <see cref="SymbolReferences"/> index finds
/// it, and refuses what would break the files: an invalid name, one already taken in a scope the symbol is
/// seen from (a use would silently change its meaning), or a name not written literally (escape sequences).
/// </summary>
public static partial class SymbolRename
{
    public static RenameTarget Prepare(SymbolReferences references, string filePath, int offset)
    {
        if (references.At(filePath, offset) is not { } hit)
        {
            return new RenameTarget(null, null, "Nothing to rename here: place the cursor on a variable key, a {{placeholder}}, an auth method id or an endpoint id.");
        }
        var (symbol, location) = hit;
        if (symbol.Kind == ConnectorSymbolKind.ConnectorFile)
        {
            return new RenameTarget(null, null, "The connector is a file: rename it in the file explorer.");
        }
        if (!symbol.HasExplicitName)
        {
            return new RenameTarget(null, null,
                $"The token variable '{symbol.Name}' is implicit: name it with \"token.variable\" in its auth method to rename it.");
        }
        return new RenameTarget(symbol, location, null);
    }

    /// <param name="files">
    /// When given, an endpoint's recordings folder is looked up there, and the plan renames it too
    /// (<see cref="RenamePlan.Folders"/>); refused when a folder for the new id already holds recordings.
    /// </param>
    public static RenamePlan Plan(SymbolReferences references, string filePath, int offset, string newName, IFileSystem? files = null)
    {
        var target = Prepare(references, filePath, offset);
        if (target.Symbol is not { } symbol)
        {
            return RenamePlan.Refused(target.Refusal!);
        }
        if (InvalidName(symbol.Kind, newName) is { } invalid)
        {
            return RenamePlan.Refused(invalid);
        }
        if (newName == symbol.Name)
        {
            return new RenamePlan([], null);
        }
        if (Collision(references, symbol, newName) is { } collision)
        {
            return RenamePlan.Refused(collision);
        }
        var edits = new List<RenameEdit>();
        foreach (var location in references.Locations(symbol, includeDeclaration: true))
        {
            var text = references.Texts.GetValueOrDefault(location.FilePath);
            if (text is null || location.Span.End > text.Length || text.AsSpan(location.Span.Start, location.Span.Length).ToString() != symbol.Name)
            {
                return RenamePlan.Refused(
                    $"'{symbol.Name}' is not written literally in {Path.GetFileName(location.FilePath)} at line {location.Range.Start.Line + 1} (escape sequences?): rename it by hand there first.");
            }
            edits.Add(new RenameEdit(location.FilePath, location.Span, location.Range, newName));
        }
        if (symbol.Kind == ConnectorSymbolKind.Endpoint && files is not null)
        {
            var recordings = Path.Combine(references.Connector.Model.Directory, "recordings");
            var from = Path.Combine(recordings, Testing.TestSuiteRunner.FileName(symbol.Name));
            var to = Path.Combine(recordings, Testing.TestSuiteRunner.FileName(newName));
            if (from != to && files.Probe(from).Kind == FileKind.Directory)
            {
                if (files.Probe(to).Kind != FileKind.Missing)
                {
                    return RenamePlan.Refused($"recordings/{Path.GetFileName(to)} already exists beside the connector: its recordings would be replayed for the renamed endpoint. Move or delete it first.");
                }
                return new RenamePlan(edits, null) { Folders = [new FolderRename(from, to)] };
            }
        }
        return new RenamePlan(edits, null);
    }

    /// <summary>Why a name is not valid for the kind of symbol, or null.</summary>
    public static string? InvalidName(ConnectorSymbolKind kind, string name) => kind switch
    {
        ConnectorSymbolKind.Variable when !VariableKey().IsMatch(name) =>
            $"'{name}' is not a valid variable key: use letters, digits and underscores, not starting with a digit.",
        ConnectorSymbolKind.AuthMethod or ConnectorSymbolKind.Endpoint when !Id().IsMatch(name) =>
            $"'{name}' is not a valid id: use letters, digits, '_' and '-', starting with a letter or digit.",
        _ => null,
    };

    private static string? Collision(SymbolReferences references, ConnectorSymbol symbol, string newName)
    {
        var model = references.Connector.Model;
        var taken = symbol.Model switch
        {
            VariableDefinition variable => VariableCollision(references.Connector.Index, variable, newName),
            AuthMethod when model.FindAuthMethod(newName) is not null => $"The connector already has an auth method '{newName}'.",
            Endpoint when model.FindEndpoint(newName) is not null => $"The connector already has an endpoint '{newName}'.",
            _ => null,
        };
        return taken ?? InstanceKeyCollision(references, symbol, newName);
    }

    /// <summary>
    /// A variable may take a key no other variable has in any scope it is seen from: otherwise one would hide
    /// the other and some {{key}} would change what it refers to.
    /// </summary>
    private static string? VariableCollision(ConnectorIndex index, VariableDefinition variable, string newName)
    {
        var connector = index.Connector;
        var scopes = new List<TemplateScope> { new(TemplateScopeKind.Connector) };
        scopes.AddRange(connector.AuthMethods.Select(a => new TemplateScope(TemplateScopeKind.AuthMethod, AuthMethod: a)));
        scopes.AddRange(connector.Endpoints.Select(e => new TemplateScope(TemplateScopeKind.Endpoint, Endpoint: e)));
        if (connector.Broker is not null || connector.Listeners.Count > 0)
        {
            scopes.Add(new TemplateScope(TemplateScopeKind.Broker));
        }
        foreach (var scope in scopes)
        {
            var chain = index.ScopeChain(scope).ToList();
            var home = chain.FirstOrDefault(c => c.Variables.Any(v => ReferenceEquals(v, variable)));
            if (home.Variables is null)
            {
                continue;
            }
            foreach (var (scopeName, variables) in chain)
            {
                if (variables.FirstOrDefault(v => v.Key == newName && !ReferenceEquals(v, variable)) is not { } other)
                {
                    continue;
                }
                return scopeName == home.ScopeName
                    ? $"'{newName}' is already a variable of the same scope ({scopeName})."
                    : $"'{newName}' is already defined in {scopeName}, which {Describe(scope)} also sees: one would hide the other.";
            }
        }
        return Capture(index, variable, newName);
    }

    /// <summary>A {{newName}} that no scope defines yet would silently start to mean the renamed variable.</summary>
    private static string? Capture(ConnectorIndex index, VariableDefinition variable, string newName)
    {
        foreach (var reference in index.References)
        {
            if (reference is { Target: null, Token: { Kind: PlaceholderKind.Variable, Problem: null, IsUnclosed: false } token } && token.Name == newName
                && index.ScopeChain(reference.Scope).Any(c => c.Variables.Any(v => ReferenceEquals(v, variable))))
            {
                return $"{{{{{newName}}}}} is written in {Describe(reference.Scope)} without a definition: after the rename it would refer to this variable.";
            }
        }
        return null;
    }

    private static string Describe(TemplateScope scope) => scope switch
    {
        { Endpoint: { } endpoint } => $"endpoint '{endpoint.Id}'",
        { AuthMethod: { } auth } => $"auth method '{auth.Id}'",
        { Kind: TemplateScopeKind.Broker } => "the broker and listeners",
        _ => "the connector",
    };

    /// <summary>An instance or tests file key being renamed must not become a key its object already has (a duplicate key).</summary>
    private static string? InstanceKeyCollision(SymbolReferences references, ConnectorSymbol symbol, string newName)
    {
        var trees = references.Instances.Select(i => (i.FilePath, i.Tree)).Concat(references.TestsFiles.Select(t => (t.FilePath, t.Tree)));
        foreach (var (path, tree) in trees)
        {
            foreach (var use in references.UsesOf(symbol).Where(u => u.Location.FilePath == path))
            {
                if (tree.FindNodeAt(use.Location.Span.Start) is StringSyntax { Parent: PropertySyntax { Parent: ObjectSyntax owner } property } key
                    && ReferenceEquals(property.Key, key) && owner.Find(newName) is not null)
                {
                    return $"{Path.GetFileName(path)} already has a key '{newName}' beside '{symbol.Name}'.";
                }
            }
        }
        return null;
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*\\z", RegexOptions.CultureInvariant)]
    private static partial Regex VariableKey();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]*\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Id();
}
