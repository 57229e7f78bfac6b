using Patchworks.Core.Syntax;

namespace Patchworks.Core.Model;

/// <summary>Builds the typed <see cref="Instance"/> over a syntax tree, tolerating any shape.</summary>
public static class InstanceReader
{
    public static Instance Read(SyntaxTree tree, string filePath)
    {
        if (tree.Root is not ObjectSyntax root)
        {
            return new Instance { FilePath = filePath, Tree = tree };
        }

        var endpointValues = new Dictionary<string, (StringSyntax, IReadOnlyList<InstanceEntry>)>(StringComparer.Ordinal);
        if (root["endpointValues"] is ObjectSyntax perEndpoint)
        {
            foreach (var property in perEndpoint.Properties)
            {
                endpointValues.TryAdd(property.Name, (property.Key, Entries(property.Value)));
            }
        }

        return new Instance
        {
            FilePath = filePath,
            Tree = tree,
            Syntax = root,
            Name = ConnectorReader.Str(root, "name"),
            ConnectorPath = ConnectorReader.Str(root, "connector"),
            ConnectorSyntax = root["connector"] as StringSyntax,
            Environment = ConnectorReader.Str(root, "environment"),
            EnvironmentSyntax = root["environment"] as StringSyntax,
            CompanyGroup = ConnectorReader.Str(root, "companyGroup") ?? Instance.DefaultCompanyGroup,
            TimeZone = ConnectorReader.Str(root, "timeZone"),
            TimeZoneSyntax = root["timeZone"] as StringSyntax,
            DateFormat = ConnectorReader.Str(root, "dateFormat"),
            RateLimit = ConnectorReader.ReadRateLimit(root["rateLimit"]),
            AuthMethodId = ConnectorReader.Str(root, "authMethod"),
            AuthMethodSyntax = root["authMethod"] as StringSyntax,
            Values = Entries(root["values"]),
            Secrets = Entries(root["secrets"]),
            EndpointValues = endpointValues,
        };
    }

    private static List<InstanceEntry> Entries(SyntaxNode? node) =>
        node is ObjectSyntax o
            ? o.Properties.Select(p => new InstanceEntry(p.Name, p.Key, (p.Value as StringSyntax)?.Value, p.Value)).ToList()
            : [];
}
