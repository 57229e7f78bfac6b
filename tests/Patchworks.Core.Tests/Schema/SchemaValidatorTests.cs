using Patchworks.Core.Schema;
using Patchworks.Core.Syntax;

namespace Patchworks.Core.Tests.Schema;

public sealed class SchemaValidatorTests
{
    private static List<SchemaViolation> Validate(string schema, string instance) =>
        SchemaValidator.Validate(JsonParser.Parse(instance).Root!, SchemaCompiler.Compile(JsonParser.Parse(schema)));

    [Fact]
    public void Both_embedded_schemas_compile_and_every_property_has_a_description()
    {
        foreach (var (name, schema) in new[] { ("connector", SchemaCatalog.Connector), ("instance", SchemaCatalog.Instance) })
        {
            var missing = new List<string>();
            Walk(schema, name, missing, new HashSet<SchemaNode>(ReferenceEqualityComparer.Instance));
            Assert.True(missing.Count == 0, $"Properties without a description: {string.Join(", ", missing)}");
        }
    }

    private static void Walk(SchemaNode node, string path, List<string> missing, HashSet<SchemaNode> seen)
    {
        if (!seen.Add(node))
        {
            return;
        }
        if (node.Ref is { } target)
        {
            Walk(target, path, missing, seen);
        }
        foreach (var (name, property) in node.Properties ?? new Dictionary<string, SchemaNode>())
        {
            if (property.EffectiveDescription is null && name != "$schema")
            {
                missing.Add($"{path}.{name}");
            }
            Walk(property, $"{path}.{name}", missing, seen);
        }
        if (node.Items is { } items) Walk(items, path + "[]", missing, seen);
        if (node.AdditionalProperties is { } additional) Walk(additional, path + ".*", missing, seen);
        foreach (var alternative in (node.OneOf ?? []).Concat(node.AnyOf ?? []).Concat(node.AllOf ?? []))
        {
            Walk(alternative, path, missing, seen);
        }
    }

    [Fact]
    public void Integers_follow_json_schema_so_2500_point_0_is_one()
    {
        const string schema = """{ "type": "integer" }""";
        Assert.Empty(Validate(schema, "2.5e3"));
        Assert.Empty(Validate(schema, "7.0"));
        Assert.Equal("PW1003", Assert.Single(Validate(schema, "2.5")).Descriptor.Code);
    }

    [Fact]
    public void Unknown_property_suggests_the_nearest_unused_name()
    {
        const string schema = """{ "type": "object", "additionalProperties": false, "properties": { "colour": {}, "name": {} } }""";
        var violation = Assert.Single(Validate(schema, """{ "colur": 1 }"""));
        Assert.Equal("PW1001", violation.Descriptor.Code);
        Assert.Equal("colour", violation.Suggestion);
        Assert.Contains("Did you mean \"colour\"?", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void One_of_reports_the_closest_alternative()
    {
        const string schema = """
            { "oneOf": [
                { "type": "string" },
                { "type": "object", "required": ["$ref"], "additionalProperties": false, "properties": { "$ref": { "type": "string" } } }
            ] }
            """;
        Assert.Empty(Validate(schema, "\"inline\""));
        Assert.Empty(Validate(schema, """{ "$ref": "a.js" }"""));
        var violation = Assert.Single(Validate(schema, """{ "$rfe": "a.js" }"""), v => v.Descriptor.Code == "PW1001");
        Assert.Equal("$ref", violation.Suggestion);
        Assert.Equal("PW1011", Assert.Single(Validate(schema, "5")).Descriptor.Code);
    }

    [Fact]
    public void References_resolve_lazily_so_recursive_schemas_work()
    {
        const string schema = """
            { "$ref": "#/definitions/node",
              "definitions": { "node": { "type": "object", "properties": { "child": { "$ref": "#/definitions/node" }, "n": { "type": "integer" } } } } }
            """;
        var violation = Assert.Single(Validate(schema, """{ "child": { "child": { "n": "x" } } }"""));
        Assert.Equal("PW1003", violation.Descriptor.Code);
    }

    [Fact]
    public void A_wrong_type_is_one_error_not_a_cascade()
    {
        const string schema = """{ "type": "object", "properties": { "a": { "type": "array", "items": { "type": "string" } } } }""";
        Assert.Single(Validate(schema, """{ "a": { "x": 1, "y": 2 } }"""));
    }

    [Fact]
    public void Pattern_messages_come_from_pattern_error_message()
    {
        var schema = SchemaCatalog.Connector;
        var tree = JsonParser.Parse("""{ "name": "x", "version": { "number": 1 }, "systemType": "Other", "protocol": "HTTP", "authMethods": [ { "id": "-x", "name": "n", "type": "none" } ], "endpoints": [] }""");
        var violation = Assert.Single(SchemaValidator.Validate(tree.Root!, schema));
        Assert.Equal("PW1007", violation.Descriptor.Code);
        Assert.Contains("an id is letters, digits", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pagination_methods_are_read_from_the_schema()
    {
        Assert.Equal(["linkHeader", "pageNumber", "limitOffset", "nextPageToken", "nextPageUrl", "graphqlCursor", "customRelativeUri", "script"], PaginationMethods.All.Keys);
        Assert.Equal(["endCursorPath", "hasNextPagePath"], PaginationMethods.Find("graphqlCursor")!.Required);
        Assert.Contains("offset", PaginationMethods.Find("limitOffset")!.Builtins);
        foreach (var method in PaginationMethods.All.Values)
        {
            Assert.All(method.Required.Concat(method.Optional), option => Assert.NotNull(PaginationMethods.Schema!.PropertySchema(option)));
        }
    }

    private const string KindSchema = """
        {
          "type": "object",
          "required": ["name"],
          "if": { "required": ["kind"], "properties": { "kind": { "const": "event" } } },
          "then": { "required": ["listeners"] },
          "else": { "required": ["endpoints"] }
        }
        """;

    [Theory]
    [InlineData("""{ "name": "a", "kind": "event" }""", "listeners")]
    [InlineData("""{ "name": "a" }""", "endpoints")]
    [InlineData("""{ "name": "a", "kind": "api" }""", "endpoints")]
    public void If_then_else_requires_what_the_branch_taken_requires(string instance, string missing)
    {
        var violation = Assert.Single(Validate(KindSchema, instance));
        Assert.Equal("PW1002", violation.Descriptor.Code);
        Assert.Contains($"\"{missing}\"", violation.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "name": "a", "kind": "event", "listeners": [] }""")]
    [InlineData("""{ "name": "a", "endpoints": [] }""")]
    public void If_then_else_is_quiet_when_the_branch_taken_is_satisfied(string instance) =>
        Assert.Empty(Validate(KindSchema, instance));

    [Fact]
    public void The_connector_schema_requires_listeners_of_an_event_connector_and_endpoints_of_an_api_connector()
    {
        var eventConnector = """{ "kind": "event", "name": "E", "version": { "number": 1 }, "systemType": "WMS", "authMethods": [], "broker": { "type": "rabbitmq", "host": "h" } }""";
        var apiConnector = """{ "name": "A", "version": { "number": 1 }, "systemType": "Other", "protocol": "HTTP", "authMethods": [] }""";

        Assert.Contains(SchemaValidator.Validate(JsonParser.Parse(eventConnector).Root!, SchemaCatalog.Connector), v => v.Message.Contains("\"listeners\"", StringComparison.Ordinal));
        Assert.DoesNotContain(SchemaValidator.Validate(JsonParser.Parse(eventConnector).Root!, SchemaCatalog.Connector), v => v.Message.Contains("\"endpoints\"", StringComparison.Ordinal));
        Assert.Contains(SchemaValidator.Validate(JsonParser.Parse(apiConnector).Root!, SchemaCatalog.Connector), v => v.Message.Contains("\"endpoints\"", StringComparison.Ordinal));
    }
}
