using Patchworks.Core.Model;
using Patchworks.Core.Syntax;

namespace Patchworks.Core.Workspace;

/// <summary>A connector file, parsed, modelled and indexed, with its referenced files loaded.</summary>
public sealed class ConnectorDocument
{
    private ConnectorDocument(Connector model, ConnectorIndex index)
    {
        Model = model;
        Index = index;
    }

    public string FilePath => Model.FilePath;
    public SyntaxTree Tree => Model.Tree;
    public Connector Model { get; }
    public ConnectorIndex Index { get; }

    /// <param name="tree">The text already parsed, when the caller has it.</param>
    /// <param name="roots">Where the workspace of the file ends; the command line's rule when not given.</param>
    public static ConnectorDocument Create(string filePath, string text, IFileSystem files, SyntaxTree? tree = null, WorkspaceRoots? roots = null)
    {
        tree ??= JsonParser.Parse(text);
        var model = ConnectorReader.Read(tree, filePath);
        ReferenceLoader.Load(model, files, roots);
        return new ConnectorDocument(model, ConnectorIndex.Build(model));
    }

    /// <summary>A document from a model already read and loaded and its index (what <see cref="Create"/> does, step by step: the benchmark times each).</summary>
    public static ConnectorDocument FromParts(Connector model, ConnectorIndex index) =>
        ReferenceEquals(index.Connector, model) ? new(model, index) : throw new ArgumentException("The index is of another model.", nameof(index));
}

/// <summary>An instance file, parsed and modelled.</summary>
public sealed class InstanceDocument
{
    private InstanceDocument(Instance model)
    {
        Model = model;
    }

    public string FilePath => Model.FilePath;
    public SyntaxTree Tree => Model.Tree;
    public Instance Model { get; }

    public static InstanceDocument Create(string filePath, string text, SyntaxTree? tree = null) =>
        new(InstanceReader.Read(tree ?? JsonParser.Parse(text), filePath));
}
