using Patchworks.Core.Completion;
using Patchworks.Core.Tests.Infrastructure;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Tests.Completion;

/// <summary>The core's candidates in an instance, from its schema and its connector.</summary>
public sealed class InstanceCompletionTests
{
    private static readonly ConnectorDocument Connector =
        ConnectorDocument.Create(InMemoryFileSystem.PathOf(Fixtures.ConnectorFile), Fixtures.Connector, new InMemoryFileSystem());

    private static IReadOnlyList<CompletionCandidate> Complete(string old, string marked, ConnectorDocument? connector = null, params string[] connectorFiles)
    {
        var (text, offset) = Cursor.Split(Fixtures.Edit(Fixtures.Instance, (old, marked)));
        var document = InstanceDocument.Create(InMemoryFileSystem.PathOf("instances/" + Fixtures.InstanceFile), text);
        return InstanceCompletion.At(document, offset, connector ?? Connector, connectorFiles);
    }

    [Fact]
    public void Connector_paths_are_relative_to_the_instance_with_forward_slashes()
    {
        var candidates = Complete("\"connector\": \"test.connector.json\"", "\"connector\": \"|\"", null,
            InMemoryFileSystem.PathOf("a.connector.json"), InMemoryFileSystem.PathOf("instances/b.connector.json"), InMemoryFileSystem.PathOf("x/y/c.connector.json"));
        Assert.Equal(["../a.connector.json", "../x/y/c.connector.json", "b.connector.json"], candidates.Select(c => c.Label));
    }

    [Fact]
    public void Values_offer_what_the_auth_method_asks_for_that_is_not_secret_and_not_given()
    {
        Assert.Empty(Complete("\"values\": { \"host\": \"api.example.com\" }", "\"values\": { \"host\": \"api.example.com\", | }"));
        var candidates = Complete("\"values\": { \"host\": \"api.example.com\" }", "\"values\": { | }");
        Assert.Equal(["host"], candidates.Select(c => c.Label));
    }

    [Fact]
    public void Without_a_connector_only_the_schema_answers()
    {
        var (text, offset) = Cursor.Split(Fixtures.Edit(Fixtures.Instance, ("\"environment\": \"test\"", "\"environment\": \"|\"")));
        var document = InstanceDocument.Create(InMemoryFileSystem.PathOf(Fixtures.InstanceFile), text);
        Assert.Equal(["test", "live"], InstanceCompletion.At(document, offset, null, []).Select(c => c.Label));
        var (authText, authOffset) = Cursor.Split(Fixtures.Edit(Fixtures.Instance, ("\"authMethod\": \"key\"", "\"authMethod\": \"|\"")));
        Assert.Empty(InstanceCompletion.At(InstanceDocument.Create(InMemoryFileSystem.PathOf(Fixtures.InstanceFile), authText), authOffset, null, []));
    }

    [Fact]
    public void A_rate_limit_period_offers_its_enum()
    {
        var candidates = Complete("\"timeZone\": \"Europe/London\",", "\"timeZone\": \"Europe/London\",\n  \"rateLimit\": { \"requests\": 2, \"per\": | },");
        Assert.Equal(["second", "minute", "hour", "day"], candidates.Select(c => c.Label));
    }

    [Fact]
    public void A_rate_limit_object_offers_its_own_properties()
    {
        var candidates = Complete("\"timeZone\": \"Europe/London\",", "\"timeZone\": \"Europe/London\",\n  \"rateLimit\": { \"requests\": 2, | },");
        Assert.Equal(["per"], candidates.Select(c => c.Label));
    }
}
