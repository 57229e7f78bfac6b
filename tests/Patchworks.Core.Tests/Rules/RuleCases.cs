using Patchworks.Core.Tests.Infrastructure;
using static Patchworks.Core.Tests.Infrastructure.Fixtures;

namespace Patchworks.Core.Tests.Rules;

/// <summary>Files to analyse together: a connector, optionally an instance, and anything else staged.</summary>
/// <param name="Publishing">Analysed with the PW60xx publishing requirements, as patchworks validate does.</param>
public sealed record Scenario(string ConnectorText, string? InstanceText = null, Action<InMemoryFileSystem>? Stage = null, string[]? ExtraDocuments = null, bool Publishing = false)
{
    public static Scenario Of(params (string Old, string New)[] connectorEdits) => new(Edit(Connector, connectorEdits));

    public static Scenario WithInstance(params (string Old, string New)[] instanceEdits) => new(Connector, Edit(Instance, instanceEdits));
}

/// <summary>
/// One diagnostic code: a scenario that must report it (at <see cref="SpanText"/> when given) and a near-miss
/// scenario that must be entirely clean.
/// </summary>
public sealed record RuleCase(string Code, Scenario Bad, Scenario Good, string? SpanText = null, string? InFile = null);

public static class RuleCases
{
    private const string ApiKeyBlock = "\"apiKey\": { \"name\": \"X-Api-Key\", \"value\": \"{{api_key}}\" }";
    private const string DataPath = "\"dataPath\": \"items\"";
    private const string StatusQuery = "\"query\": [ { \"key\": \"status\", \"value\": \"{{status}}\" } ]";
    private const string SampleBody = "\"sampleBody\": { \"name\": \"Socks\" }";
    private const string Icon = "\"protocol\": \"HTTP\",";

    private static Scenario Base => new(Connector);

    private static (string, string) AddToList(string addition) => (DataPath, $"{DataPath},\n      {addition}");

    private static (string, string) AddIcon(string path) => (Icon, $"{Icon}\n  \"icon\": \"{path}\",");

    private static string Svg(string attributes) => $"<svg xmlns=\"http://www.w3.org/2000/svg\" {attributes}><rect width=\"1\" height=\"1\"/></svg>";

    private static string Soap(string tokenPattern) =>
        $$"""[ { "id": "soap", "name": "SOAP", "type": "soap", "url": "https://soap.test/login", "soap": { "envelope": "<Login/>", "tokenPattern": {{System.Text.Json.JsonSerializer.Serialize(tokenPattern)}} } } ]""";

    private static string OAuth(string token) =>
        $$"""[ { "id": "oauth", "name": "OAuth", "type": "oauth2ClientCredentials", "url": "https://auth.test/token", "oauth2": { "clientId": "c", "clientSecret": "s" }, "token": { {{token}} } } ]""";

    private static string Minimal(string authMethods) =>
        $$"""{ "name": "T", "version": { "number": 1 }, "systemType": "Other", "protocol": "HTTP", "authMethods": {{authMethods}}, "endpoints": [] }""";

    /// <summary>The fixture with everything publishing needs (icon, colour, rate limit), analysed with the publishing requirements.</summary>
    private static Scenario Publishable(params (string Old, string New)[] edits) => new(
        Edit(Edit(Connector, (Icon, $"{Icon}\n  \"icon\": \"icon.svg\",\n  \"colour\": \"blue\",\n  \"rateLimit\": {{ \"requests\": 10, \"per\": \"second\" }},")), edits),
        Stage: f => f.Add("icon.svg", Svg("width=\"64\" height=\"64\"")), Publishing: true);

    /// <summary>An event connector (kind "event") that is clean: a broker and one listener bound to a topic exchange.</summary>
    private const string EventConnector = """
        {
          "kind": "event",
          "name": "Events", "version": { "number": 1 }, "systemType": "WMS",
          "variables": [ { "key": "host", "displayName": "Host" } ],
          "authMethods": [ { "id": "password", "name": "Password", "type": "basic", "uses": ["host"],
            "variables": [ { "key": "password", "secret": true } ],
            "basic": { "username": "pw", "password": "{{password}}" } } ],
          "broker": { "type": "rabbitmq", "host": "{{host}}", "port": 5672 },
          "listeners": [
            { "id": "orders", "name": "Orders",
              "exchange": { "name": "shop", "type": "topic" },
              "bindingKeys": ["order.created"],
              "queue": { "name": "orders.in", "declare": true, "durable": true },
              "acknowledgement": "manual",
              "retry": { "maxAttempts": 2 },
              "message": { "format": "json", "dataPath": "lines" } }
          ]
        }
        """;

    private static Scenario Event(params (string Old, string New)[] edits) => new(Edit(EventConnector, edits));

    public static IReadOnlyList<RuleCase> All { get; } =
    [
        // Syntax.
        new("PW0001", Scenario.Of((Icon, "\"protocol\": \"HTTP\" ;,")), Base, ";"),
        new("PW0002", Scenario.Of(("\"name\": \"Test\",", "\"name\": \"Test,")), Base, "\"Test,"),
        new("PW0003", Scenario.Of(("\"name\": \"Test\",", "\"name\": \"Test\"")), Base),
        new("PW0004", Scenario.Of(("\"name\": \"Test\"", "\"name\" \"Test\"")), Base),
        new("PW0005", Scenario.Of(("\"name\": \"Test\"", "\"name\": ")), Base, ","),
        new("PW0006", Scenario.Of((SampleBody, "\"sampleBody\": { \"name\": \"Socks\" ")), Base),
        new("PW0007", Scenario.Of(("\"name\": \"Test\"", "name: \"Test\"")), Base, "name"),
        new("PW0008", Scenario.Of(("\"name\": \"Test\"", "\"name\": \"Te\\qst\"")), Base, "\\q"),
        new("PW0009", Scenario.Of(("\"number\": 1", "\"number\": 01")), Base, "01"),
        new("PW0010", new(Connector + "\n/* never closed"), new(Connector + "\n/* closed */"), "/*"),
        new("PW0011", Scenario.Of(("\"name\": \"Test\",", "\"name\": \"Test\", \"name\": \"Again\",")), Base, "\"name\""),
        new("PW0012", new(Connector + "\n{}"), new(Connector + "\n// a trailing comment"), "{"),
        new("PW0013", Scenario.Of((SampleBody, "\"sampleBody\": " + new string('[', 300) + new string(']', 300))),
            Scenario.Of((SampleBody, "\"sampleBody\": " + new string('[', 200) + new string(']', 200)))),
        new("PW0014", new(""), Base),
        new("PW0015", new(Connector, Stage: f => f.WithLength(ConnectorFile, 100L * 1024 * 1024)), Base),
        new("PW0016", new(Connector, Stage: f => f.Unreadable(ConnectorFile)), Base),
        new("PW0017", new(Connector, Stage: f => f.Special(ConnectorFile, Core.Workspace.FileKind.Fifo)), Base),

        // Schema.
        new("PW1001", Scenario.Of((Icon, $"{Icon}\n  \"colur\": \"green\",")), Scenario.Of((Icon, $"{Icon}\n  \"colour\": \"green\",")), "\"colur\""),
        new("PW1002", Scenario.Of(("\"systemType\": \"Other\",", "")), Base, "{"),
        new("PW1003", Scenario.Of(("\"number\": 1", "\"number\": \"1\"")), Base, "\"1\""),
        new("PW1004", Scenario.Of(("\"systemType\": \"Other\"", "\"systemType\": \"Othr\"")), Scenario.Of(("\"systemType\": \"Other\"", "\"systemType\": \"3PL\"")), "\"Othr\""),
        new("PW1005", Scenario.Of(("/{{region}}/items\",", "/{{region}}/items" + new string('x', 300) + "\",")),
            Scenario.Of(("/{{region}}/items\",", "/{{region}}/items" + new string('x', 200) + "\","))),
        new("PW1006", Scenario.Of(("\"name\": \"Test\"", "\"name\": \"\"")), Base, "\"\""),
        new("PW1007", Scenario.Of(("{ \"key\": \"region\", \"default\": \"eu\" }", "{ \"key\": \"1region\", \"default\": \"eu\" }"), ("/{{region}}/items", "/eu/items"), ("/{{region}}/items", "/eu/items")),
            Scenario.Of(("{ \"key\": \"region\", \"default\": \"eu\" }", "{ \"key\": \"_region\", \"default\": \"eu\" }"), ("/{{region}}/items", "/{{_region}}/items"), ("/{{region}}/items", "/eu/items")), "\"1region\""),
        new("PW1008", Scenario.Of(("\"number\": 1", "\"number\": 0")), Base, "0"),
        new("PW1009", new(Minimal("[]")), new(Minimal("[ { \"id\": \"none\", \"name\": \"None\", \"type\": \"none\" } ]")), "\"authMethods\""),
        new("PW1010", Scenario.Of(("\"uses\": [\"host\"]", "\"uses\": [\"host\", \"host\"]")), Base, "\"host\""),
        new("PW1011", Scenario.Of((ApiKeyBlock, $"\"preRequestScript\": 5,\n      {ApiKeyBlock}")),
            Scenario.Of((ApiKeyBlock, $"\"preRequestScript\": \"request.headers['X-Trace'] = '1';\",\n      {ApiKeyBlock}")), "5"),

        // Variables and placeholders.
        new("PW2001", Scenario.Of(("/{{region}}/items", "/{{regoin}}/items")), Base, "regoin"),
        new("PW2002", Scenario.Of(("{{status}}", "{{ status }}")), Scenario.Of(("{{status}}", "{{{status}}}")), "{{ status }}"),
        new("PW2003", Scenario.Of(("{{status}}", "{{status")), Base, "{{status"),
        new("PW2004", Scenario.Of(("{ \"key\": \"status\" }", "{ \"key\": \"status\" }, { \"key\": \"spare\" }")), Base, "\"spare\""),
        new("PW2005", Scenario.Of(("{ \"key\": \"region\", \"default\": \"eu\" },", "{ \"key\": \"region\", \"default\": \"eu\" },\n    { \"key\": \"region\" },")), Base, "\"region\""),
        new("PW2006", Scenario.Of(("{{status}}", "{{status}}[[flow.status]]")), Scenario.Of(("{{status}}", "{{status}}[[meta.status]]")), "[[flow.status]]"),
        new("PW2007", Scenario.Of(("{{status}}", "{{status}}[[pagination.offset]]")),
            Scenario.Of(("{{status}}", "{{status}}[[pagination.offset]]"), AddToList("\"pagination\": { \"method\": \"limitOffset\", \"limit\": 50, \"limitParam\": \"limit\" }")), "[[pagination.offset]]"),
        new("PW2008", Scenario.Of(("\"uses\": [\"host\"]", "\"uses\": [\"host\", \"hots\"]")), Scenario.Of(("\"uses\": [\"host\"]", "\"uses\": [\"host\", \"region\"]")), "\"hots\""),
        new("PW2009", Scenario.Of(("{ \"key\": \"status\" }", "{ \"key\": \"region\" }"), ("{{status}}", "{{region}}")), Base, "\"region\""),
        new("PW2010", Scenario.Of(("\"uses\": [\"host\"]", "\"uses\": []")), Base, "\"host\""),

        // Auth methods and endpoints.
        new("PW3001", Scenario.Of((ApiKeyBlock + "\n    }", ApiKeyBlock + "\n    },\n    { \"id\": \"key\", \"name\": \"Again\", \"type\": \"none\" }")),
            Scenario.Of((ApiKeyBlock + "\n    }", ApiKeyBlock + "\n    },\n    { \"id\": \"anonymous\", \"name\": \"Again\", \"type\": \"none\" }")), "\"key\""),
        new("PW3002", Scenario.Of(("\"id\": \"create\"", "\"id\": \"list\"")), Base, "\"list\""),
        new("PW3003", Scenario.Of(("\"authMethods\": [\"key\"]", "\"authMethods\": [\"kye\"]")), Base, "\"kye\""),
        new("PW3004", Scenario.Of(AddToList("\"body\": [ { \"key\": \"a\", \"value\": \"b\", \"required\": true } ]")),
            Scenario.Of(AddToList("\"headers\": [ { \"key\": \"a\", \"value\": \"b\", \"required\": true } ]")), "\"body\""),
        new("PW3005", Scenario.Of(("\"method\": \"POST\"", "\"method\": \"GET\""), (SampleBody, "\"dataPath\": \"item\"")),
            Scenario.Of(("\"method\": \"POST\"", "\"method\": \"PUT\"")), "\"GET\""),
        new("PW3006", Scenario.Of(AddToList("\"pagination\": { \"method\": \"nextPageUrl\" }")),
            Scenario.Of(AddToList("\"pagination\": { \"method\": \"nextPageUrl\", \"nextUrlPath\": \"links.next\" }")), "\"nextPageUrl\""),
        new("PW3007", Scenario.Of(AddToList("\"pagination\": { \"method\": \"linkHeader\", \"limit\": 10 }")),
            Scenario.Of(AddToList("\"pagination\": { \"method\": \"linkHeader\", \"header\": \"Link\" }")), "\"limit\""),
        new("PW3008", Scenario.Of((ApiKeyBlock, "\"headers\": [ { \"key\": \"X-Api-Key\", \"value\": \"{{api_key}}\", \"required\": true } ]")),
            Scenario.Of((ApiKeyBlock, "\"headers\": [ { \"key\": \"X-Api-Key\", \"value\": \"{{api_key}}\", \"required\": true } ]"), ("\"type\": \"apiKey\"", "\"type\": \"token\"")), "\"apiKey\""),
        new("PW3009", Scenario.Of((ApiKeyBlock, $"\"basic\": {{ \"username\": \"u\", \"password\": \"p\" }},\n      {ApiKeyBlock}")), Base, "\"basic\""),
        new("PW3010", Scenario.Of((SampleBody, $"{SampleBody},\n      \"pagination\": {{ \"method\": \"linkHeader\" }}")),
            Scenario.Of(AddToList("\"pagination\": { \"method\": \"linkHeader\" }")), "\"pagination\""),
        new("PW3011", Scenario.Of(AddToList("\"pagination\": { \"method\": \"limitOffset\", \"limit\": 100, \"limitParam\": \"limit\" }")),
            Scenario.Of(AddToList("\"pagination\": { \"method\": \"limitOffset\", \"limit\": 100, \"limitParam\": \"limit\", \"offsetParam\": \"offset\" }")), "\"limitOffset\""),
        new("PW3012", Scenario.Of(("\"url\": \"https://{{host}}/{{region}}/items\"", "\"url\": \"/{{region}}/items\"")),
            Scenario.Of(("\"url\": \"https://{{host}}/{{region}}/items\"", "\"url\": \"{{host}}/{{region}}/items\"")), "\"/{{region}}/items\""),
        new("PW3013", Scenario.Of((StatusQuery, "\"query\": [ { \"key\": \"status\", \"value\": \"{{status}}\" }, { \"key\": \"status\", \"value\": \"x\", \"required\": true } ]")),
            Scenario.Of((StatusQuery, "\"query\": [ { \"key\": \"status\", \"value\": \"{{status}}\" }, { \"key\": \"state\", \"value\": \"x\", \"required\": true } ]")), "\"status\""),
        new("PW3014", Scenario.Of(("\"authMethods\": [\"key\"]", "\"authMethods\": []")), Base, "\"authMethods\""),
        new("PW3015", Scenario.Of(("\"type\": \"apiKey\"", "\"type\": \"oauth2ClientCredentials\""), (ApiKeyBlock, "\"oauth2\": { \"clientId\": \"id\", \"clientSecret\": \"{{api_key}}\" }")),
            Scenario.Of(("\"type\": \"apiKey\"", "\"type\": \"oauth2ClientCredentials\",\n      \"url\": \"https://{{host}}/oauth/token\""), (ApiKeyBlock, "\"oauth2\": { \"clientId\": \"id\", \"clientSecret\": \"{{api_key}}\" }")),
            "\"oauth2ClientCredentials\""),

        // Errors in 200 responses: an error path inside the data fails every page; JSONPath the runner cannot follow.
        new("PW3030", Scenario.Of(AddToList("\"errorPath\": \"items[0].error\"")),
            Scenario.Of(AddToList("\"errorPath\": \"meta.error\"")), "\"items[0].error\""),
        new("PW3031", Scenario.Of(AddToList("\"errorWhen\": { \"path\": \"status\", \"equals\": \"error\", \"messagePath\": \"$..message\" }")),
            Scenario.Of(AddToList("\"errorWhen\": { \"path\": \"status\", \"equals\": \"error\", \"messagePath\": \"errors[0].message\" }")), "\"$..message\""),
        // Values the runner parses (issue 14, item 7).
        new("PW3040", new(Minimal(Soap("^[^,]*,(.*$"))), new(Minimal(Soap("^[^,]*,(.*)$"))), "\"^[^,]*,(.*$\""),
        new("PW3041", new(Minimal(Soap("^[^,]*,.*$"))), new(Minimal(Soap("^[^,]*,(.*)$"))), "\"^[^,]*,.*$\""),
        new("PW3042", new(Minimal(OAuth("\"lifetimeSeconds\": 60, \"refreshBeforeSeconds\": 60"))), new(Minimal(OAuth("\"lifetimeSeconds\": 600, \"refreshBeforeSeconds\": 60"))), "60"),
        new("PW3043", Scenario.Of(AddToList("\"pagination\": { \"method\": \"nextPageUrl\", \"nextUrlPath\": \"$..next\" }")),
            Scenario.Of(AddToList("\"pagination\": { \"method\": \"nextPageUrl\", \"nextUrlPath\": \"$.links[0].next\" }")), "\"$..next\""),
        new("PW3044", Scenario.Of(AddToList("\"pagination\": { \"method\": \"pageNumber\", \"pageParam\": \"page\", \"limit\": 50 }")),
            Scenario.Of(AddToList("\"pagination\": { \"method\": \"pageNumber\", \"pageParam\": \"page\", \"limit\": 50, \"limitParam\": \"per_page\" }")), "\"limit\""),

        // Referenced files.
        new("PW4001", Scenario.Of(AddToList("\"schema\": { \"$ref\": \"schemas/item.json\" }")),
            Scenario.Of(AddToList("\"schema\": { \"$ref\": \"schemas/item.json\" }")) with { Stage = f => f.Add("schemas/item.json", "{ \"type\": \"object\" }") },
            "\"schemas/item.json\""),
        new("PW4002", Scenario.Of(AddToList("\"schema\": { \"$ref\": \"schemas/item.json\" }")) with { Stage = f => f.Add("schemas/item.json", "{}").Unreadable("schemas/item.json") },
            Scenario.Of(AddToList("\"schema\": { \"$ref\": \"schemas/item.json\" }")) with { Stage = f => f.Add("schemas/item.json", "{}") }, "\"schemas/item.json\""),
        new("PW4003", Scenario.Of(AddIcon("icon.png")) with { Stage = f => f.Add("icon.png", Svg("width=\"64\" height=\"64\"")) },
            Scenario.Of(AddIcon("icon.svg")) with { Stage = f => f.Add("icon.svg", Svg("width=\"64\" height=\"64\"")) }, "\"icon.png\""),
        new("PW4004", Scenario.Of(AddIcon("icon.svg")) with { Stage = f => f.Add("icon.svg", Svg("width=\"64\" height=\"64\"")).WithLength("icon.svg", 11L * 1024 * 1024) },
            Scenario.Of(AddIcon("icon.svg")) with { Stage = f => f.Add("icon.svg", Svg("width=\"64\" height=\"64\"")).WithLength("icon.svg", 10L * 1024 * 1024) }, "\"icon.svg\""),
        new("PW4005", Scenario.Of(AddIcon("icon.svg")) with { Stage = f => f.Add("icon.svg", Svg("width=\"64\" height=\"32\"")) },
            Scenario.Of(AddIcon("icon.svg")) with { Stage = f => f.Add("icon.svg", Svg("viewBox=\"0 0 24 24\"")) }, "\"icon.svg\""),
        new("PW4006", Scenario.Of(AddIcon("icon.svg")) with { Stage = f => f.Add("icon.svg", Svg("class=\"logo\"")) },
            Scenario.Of(AddIcon("icon.svg")) with { Stage = f => f.Add("icon.svg", Svg("width=\"48px\" height=\"48px\"")) }, "\"icon.svg\""),
        new("PW4007", Scenario.Of(AddToList("\"schema\": { \"$ref\": \"schemas/item.json\" }")) with { Stage = f => f.Add("schemas/item.json", "{ \"type\": ") },
            Scenario.Of(AddToList("\"schema\": { \"$ref\": \"schemas/item.json\" }")) with { Stage = f => f.Add("schemas/item.json", "{ \"type\": \"object\", /* JSONC is fine */ }") }, "\"schemas/item.json\""),

        new("PW4008", Scenario.Of(AddToList("\"schema\": { \"$ref\": \"../outside.json\" }")) with { Stage = f => f.Add("../outside.json", "{}") },
            Scenario.Of(AddToList("\"schema\": { \"$ref\": \"schemas/inside.json\" }")) with { Stage = f => f.Add("schemas/inside.json", "{}") }, "\"../outside.json\""),
        new("PW4009", Scenario.Of(AddToList("\"schema\": { \"$ref\": \"schemas/item.json\" }")) with { Stage = f => f.Special("schemas/item.json", Core.Workspace.FileKind.Fifo) },
            Scenario.Of(AddToList("\"schema\": { \"$ref\": \"schemas/item.json\" }")) with { Stage = f => f.Add("schemas/item.json", "{}") }, "\"schemas/item.json\""),
        new("PW4010", Scenario.Of(AddToList("\"schema\": { \"$ref\": \"schemas/item.json\" }")) with { Stage = f => f.Add("schemas/item.json", "{}").WithLength("schemas/item.json", 10L * 1024 * 1024 + 1) },
            Scenario.Of(AddToList("\"schema\": { \"$ref\": \"schemas/item.json\" }")) with { Stage = f => f.Add("schemas/item.json", "{}").WithLength("schemas/item.json", 10L * 1024 * 1024) }, "\"schemas/item.json\""),

        // Instances and the workspace.
        new("PW5001", Scenario.WithInstance(("\"connector\": \"test.connector.json\"", "\"connector\": \"missing.connector.json\"")), new(Connector, Instance), "\"missing.connector.json\"", InstanceFile),
        new("PW5002", Scenario.WithInstance(("\"connector\": \"test.connector.json\"", "\"connector\": \"other.json\"")) with { Stage = f => f.Add("other.json", "[]") },
            new(Connector, Instance), "\"other.json\"", InstanceFile),
        new("PW5003", Scenario.WithInstance(("\"authMethod\": \"key\"", "\"authMethod\": \"kye\"")), new(Connector, Instance), "\"kye\"", InstanceFile),
        new("PW5004", Scenario.WithInstance(("\"values\": { \"host\": \"api.example.com\" }", "\"values\": {}")), new(Connector, Instance), "\"values\"", InstanceFile),
        new("PW5005", Scenario.WithInstance(("\"env:TEST_API_KEY\"", "\"sk_live_abc123\"")), new(Connector, Instance), "\"sk_live_abc123\"", InstanceFile),
        new("PW5006", Scenario.WithInstance(("\"env:TEST_API_KEY\"", "\"vault:TEST_API_KEY\"")), Scenario.WithInstance(("\"env:TEST_API_KEY\"", "\"secret:test-api-key\"")), "\"vault:TEST_API_KEY\"", InstanceFile),
        new("PW5007", Scenario.WithInstance(("{ \"host\": \"api.example.com\" }", "{ \"host\": \"api.example.com\", \"hots\": \"x\" }")), new(Connector, Instance), "\"hots\"", InstanceFile),
        new("PW5008", new(Connector, Instance, f => f.Add("second.instance.json", Instance), ["second.instance.json"]),
            new(Connector, Instance, f => f.Add("second.instance.json", Edit(Instance, ("\"environment\": \"test\"", "\"environment\": \"live\""))), ["second.instance.json"]),
            "\"test\"", InstanceFile),
        new("PW5009", Scenario.WithInstance(("\"Europe/London\"", "\"Europe/Londn\"")), Scenario.WithInstance(("\"Europe/London\"", "\"America/New_York\"")), "\"Europe/Londn\"", InstanceFile),
        new("PW5010", Scenario.WithInstance(("\"authMethod\": \"key\",", "\"authMethod\": \"key\", \"endpointValues\": { \"lst\": {} },")),
            Scenario.WithInstance(("\"authMethod\": \"key\",", "\"authMethod\": \"key\", \"endpointValues\": { \"list\": { \"status\": \"open\" } },")), "\"lst\"", InstanceFile),
        new("PW5011", Scenario.WithInstance(("{ \"host\": \"api.example.com\" }", "{ \"host\": \"api.example.com\", \"region\": \"us\" }")), new(Connector, Instance), "\"region\"", InstanceFile),

        // Publishing requirements (warnings in validate, errors in the publish plan).
        new("PW6001", Publishable(("\n  \"rateLimit\": { \"requests\": 10, \"per\": \"second\" },", "")), Publishable(), "\"name\""),
        new("PW6002", Publishable(("\n  \"colour\": \"blue\",", "")), Publishable(("\"colour\": \"blue\"", "\"colour\": \"blue_inverted\"")), "\"name\""),
        new("PW6003", Publishable(("\n  \"icon\": \"icon.svg\",", "")), Publishable(), "\"name\""),
        new("PW6004", Publishable(("\"version\": { \"number\": 1, \"name\": \"One\" }", "\"version\": { \"number\": 1 }")),
            Publishable(("\"version\": { \"number\": 1, \"name\": \"One\" }", "\"version\": { \"number\": 1, \"name\": \"Version 1\" }")), "\"version\""),
        new("PW6005", Publishable(("\"name\": \"Test\",", "\"name\": \" \",")), Publishable(("\"name\": \"Test\",", "\"name\": \"T\",")), "\" \""),
        // Event connectors (kind "event").
        new("PW8001", Event(("\"broker\":", "\"endpoints\": [],\n  \"broker\":")), Event(), "\"endpoints\""),
        new("PW8002", Scenario.Of((Icon, $"{Icon}\n  \"listeners\": [],")), Base, "\"listeners\""),
        new("PW8003", Event(("\"type\": \"basic\"", "\"type\": \"token\"")), Event(), "\"token\""),
        new("PW8004", Event(("\"exchange\": { \"name\": \"shop\", \"type\": \"topic\" },", "")), Event(("\"exchange\": { \"name\": \"shop\", \"type\": \"topic\" },", ""), ("\"bindingKeys\": [\"order.created\"],", "")), "\"bindingKeys\""),
        new("PW8005", Event(("\"bindingKeys\": [\"order.created\"],", "")), Event(("\"topic\"", "\"fanout\""), ("\"bindingKeys\": [\"order.created\"],", "")), "\"exchange\""),
        new("PW8006", Event(("\"topic\"", "\"fanout\"")), Event(), "\"bindingKeys\""),
        new("PW8007", Event(("\"declare\": true", "\"declare\": false")), Event(("\"declare\": true, \"durable\": true", "\"declare\": false")), "\"durable\""),
        new("PW8008", Event(("\"manual\"", "\"auto\"")), Event(("\"manual\"", "\"auto\""), ("\"retry\": { \"maxAttempts\": 2 },", "")), "\"retry\""),
        new("PW8009", Event(("\"port\": 5672", "\"port\": 5672, \"tls\": true")), Event(("\"port\": 5672", "\"port\": 5671, \"tls\": true")), "5672"),
        new("PW8010", Event(("\"format\": \"json\"", "\"format\": \"text\"")), Event(("\"format\": \"json\", \"dataPath\": \"lines\"", "\"format\": \"text\"")), "\"lines\""),
        new("PW8011", Event(("\"message\": { \"format\": \"json\", \"dataPath\": \"lines\" } }", "\"message\": { \"format\": \"json\", \"dataPath\": \"lines\" } },\n    { \"id\": \"orders\", \"name\": \"Again\", \"queue\": { \"name\": \"other\" } }")),
            Event(("\"message\": { \"format\": \"json\", \"dataPath\": \"lines\" } }", "\"message\": { \"format\": \"json\", \"dataPath\": \"lines\" } },\n    { \"id\": \"returns\", \"name\": \"Again\", \"queue\": { \"name\": \"other\" } }")), "\"orders\""),
        new("PW8012", Event(("\"dataPath\": \"lines\"", "\"dataPath\": \"$..lines\"")), Event(("\"dataPath\": \"lines\"", "\"dataPath\": \"$.lines\"")), "\"$..lines\""),
    ];
}
