using Patchworks.Core.Syntax;

namespace Patchworks.Core.Testing;

/// <summary>
/// Builds the typed <see cref="TestsFile"/> over a syntax tree, tolerating any shape: a part of the wrong type is
/// left out here and reported by the schema (<see cref="TestsFileAnalyzer"/>), never thrown.
/// </summary>
public static class TestsFileReader
{
    public static TestsFile Read(string filePath, string text) => Read(JsonParser.Parse(text), filePath);

    public static TestsFile Read(SyntaxTree tree, string filePath)
    {
        if (tree.Root is not ObjectSyntax root)
        {
            return new TestsFile { FilePath = filePath, Tree = tree };
        }
        var cases = new List<TestCase>();
        if (root["endpoints"] is ObjectSyntax endpoints)
        {
            foreach (var endpoint in endpoints.Properties)
            {
                if (endpoint.Value is not ObjectSyntax named)
                {
                    continue;
                }
                foreach (var property in named.Properties)
                {
                    if (property.Value is ObjectSyntax body)
                    {
                        cases.Add(ReadCase(tree, endpoint.Key, property.Key, body));
                    }
                }
            }
        }
        return new TestsFile
        {
            FilePath = filePath,
            Tree = tree,
            Syntax = root,
            ConnectorPath = (root["connector"] as StringSyntax)?.Value,
            ConnectorSyntax = root["connector"] as StringSyntax,
            InstancePath = (root["instance"] as StringSyntax)?.Value,
            InstanceSyntax = root["instance"] as StringSyntax,
            Cases = cases,
        };
    }

    private static TestCase ReadCase(SyntaxTree tree, StringSyntax endpoint, StringSyntax name, ObjectSyntax body) => new()
    {
        Tree = tree,
        EndpointId = endpoint.Value,
        EndpointSyntax = endpoint,
        Name = name.Value,
        NameSyntax = name,
        Syntax = body,
        InstancePath = (body["instance"] as StringSyntax)?.Value,
        InstanceSyntax = body["instance"] as StringSyntax,
        Variables = body["variables"] is ObjectSyntax variables
            ? [.. variables.Properties.Where(p => Scalar(p.Value) is not null).Select(p => new TestVariable(p.Name, p.Key, Scalar(p.Value)!))]
            : [],
        MaxPages = Int(body["maxPages"]),
        MaxRecords = Int(body["maxRecords"]),
        Expect = body["expect"] is ObjectSyntax expect ? ReadExpectations(expect) : new Expectations(),
    };

    private static Expectations ReadExpectations(ObjectSyntax expect) => new()
    {
        Syntax = expect,
        Status = expect["status"] switch
        {
            NumberSyntax n when Int(n) is { } code => [code],
            ArraySyntax a => [.. a.Items.Select(Int).OfType<int>()],
            _ => null,
        },
        StatusSyntax = expect["status"],
        Records = Bounds(expect["records"]),
        Pages = Bounds(expect["pages"]),
        Stop = expect["stop"] switch
        {
            StringSyntax s => [s.Value],
            ArraySyntax a => [.. a.Items.OfType<StringSyntax>().Select(s => s.Value)],
            _ => null,
        },
        StopSyntax = expect["stop"],
        SchemaValid = (expect["schemaValid"] as BooleanSyntax)?.Value,
        SchemaValidSyntax = expect["schemaValid"],
        Fields = expect["fields"] is ArraySyntax fields ? [.. fields.Items.OfType<StringSyntax>().Select(s => (s.Value, s))] : [],
        MaxDurationMs = (expect["maxDurationMs"] as NumberSyntax)?.Value,
        MaxDurationSyntax = expect["maxDurationMs"],
        Headers = expect["headers"] is ObjectSyntax headers
            ? [.. headers.Properties.Where(p => p.Value is StringSyntax).Select(p => new HeaderExpectation(p.Name, p.Key, ((StringSyntax)p.Value!).Value, p.Value!))]
            : [],
        Assertions = expect["assertions"] is ArraySyntax assertions ? [.. assertions.Items.OfType<ObjectSyntax>().Select(ReadAssertion)] : [],
    };

    private static RecordAssertion ReadAssertion(ObjectSyntax body) => new()
    {
        Syntax = body,
        Path = (body["path"] as StringSyntax)?.Value,
        PathSyntax = body["path"] as StringSyntax,
        Any = body["any"] is BooleanSyntax { Value: true },
        EqualsValue = body["equals"],
        Matches = (body["matches"] as StringSyntax)?.Value,
        MatchesSyntax = body["matches"] as StringSyntax,
        Exists = (body["exists"] as BooleanSyntax)?.Value,
        Type = (body["type"] as StringSyntax)?.Value,
        TypeSyntax = body["type"],
        OneOf = body["oneOf"] as ArraySyntax,
    };

    private static CountBounds? Bounds(SyntaxNode? node) => node switch
    {
        NumberSyntax n when Int(n) is { } exactly => new CountBounds(n, null, null, exactly) { ExactlySyntax = n },
        ObjectSyntax o => new CountBounds(o, Int(o["min"]), Int(o["max"]), Int(o["exactly"])) { MinSyntax = o["min"], MaxSyntax = o["max"], ExactlySyntax = o["exactly"] },
        _ => null,
    };

    private static int? Int(SyntaxNode? node) =>
        node is NumberSyntax { IsInteger: true } n && n.Value is >= 0 and <= int.MaxValue ? (int)n.Value : null;

    private static string? Scalar(SyntaxNode? node) => node switch
    {
        StringSyntax s => s.Value,
        NumberSyntax n => n.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        BooleanSyntax b => b.Value ? "true" : "false",
        _ => null,
    };
}
