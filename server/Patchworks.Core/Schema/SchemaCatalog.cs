using Patchworks.Core.Syntax;

namespace Patchworks.Core.Schema;

/// <summary>
/// The connector, instance and tests-file schemas, embedded in the library from schemas/. They are the one source of
/// truth for structure, descriptions and enums: validation, hover and completion all read them.
/// </summary>
public static class SchemaCatalog
{
    private static readonly Lazy<SchemaNode> ConnectorSchema = new(() => Load("connector.schema.json"));
    private static readonly Lazy<SchemaNode> InstanceSchema = new(() => Load("instance.schema.json"));
    private static readonly Lazy<SchemaNode> TestsSchema = new(() => Load("connector-tests.schema.json"));

    public static SchemaNode Connector => ConnectorSchema.Value;

    public static SchemaNode Instance => InstanceSchema.Value;

    /// <summary>The schema of a connector's tests file (name.tests.json).</summary>
    public static SchemaNode Tests => TestsSchema.Value;

    /// <summary>The raw text of an embedded schema, for tools that write it out.</summary>
    public static string ReadText(string fileName)
    {
        using var stream = typeof(SchemaCatalog).Assembly.GetManifestResourceStream($"schemas/{fileName}")
            ?? throw new InvalidOperationException($"The schema {fileName} is not embedded in the library.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static SchemaNode Load(string fileName) => SchemaCompiler.Compile(JsonParser.Parse(ReadText(fileName)));
}
