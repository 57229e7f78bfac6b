using Patchworks.Core.Syntax;

namespace Patchworks.Core.Workspace;

public enum DocumentKind
{
    Unknown,
    Connector,
    Instance,
}

/// <summary>Tells connector files from instance files: by name first, then by "$schema", then by content.</summary>
public static class DocumentKinds
{
    public const string ConnectorSuffix = ".connector.json";
    public const string InstanceSuffix = ".instance.json";

    public static DocumentKind FromFileName(string path)
    {
        var name = Path.GetFileName(path);
        if (name.EndsWith(ConnectorSuffix, StringComparison.OrdinalIgnoreCase) || name.EndsWith(".connector.jsonc", StringComparison.OrdinalIgnoreCase))
        {
            return DocumentKind.Connector;
        }
        if (name.EndsWith(InstanceSuffix, StringComparison.OrdinalIgnoreCase) || name.EndsWith(".instance.jsonc", StringComparison.OrdinalIgnoreCase))
        {
            return DocumentKind.Instance;
        }
        return DocumentKind.Unknown;
    }

    public static DocumentKind Detect(string path, SyntaxTree tree)
    {
        var byName = FromFileName(path);
        if (byName != DocumentKind.Unknown)
        {
            return byName;
        }
        // A connector's tests file holds "endpoints" too, but is neither a connector nor an instance (Testing/).
        if (Testing.TestsFiles.IsTestsFile(path))
        {
            return DocumentKind.Unknown;
        }
        if (tree.Root is not ObjectSyntax root)
        {
            return DocumentKind.Unknown;
        }
        if (root["$schema"] is StringSyntax schema)
        {
            if (schema.Value.Contains("connector.schema", StringComparison.OrdinalIgnoreCase))
            {
                return DocumentKind.Connector;
            }
            if (schema.Value.Contains("instance.schema", StringComparison.OrdinalIgnoreCase))
            {
                return DocumentKind.Instance;
            }
        }
        if (root.Find("endpoints") is not null || root.Find("authMethods") is not null)
        {
            return DocumentKind.Connector;
        }
        if (root.Find("connector") is not null && (root.Find("environment") is not null || root.Find("authMethod") is not null))
        {
            return DocumentKind.Instance;
        }
        return DocumentKind.Unknown;
    }
}
