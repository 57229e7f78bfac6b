using Patchworks.Core.Testing;
using Patchworks.Core.Tests.Infrastructure;
using static Patchworks.Core.Tests.Testing.TestsFileFixtures;

namespace Patchworks.Core.Tests.Testing;

/// <summary>The reader: JSONC read into cases and expectations, any shape tolerated, positions kept.</summary>
public sealed class TestsFileReaderTests
{
    [Fact]
    public void Reads_a_case_with_every_expectation()
    {
        var file = TestsFileReader.Read(TestsPath, Clean);

        Assert.Equal("test", file.Name);
        Assert.Equal(InMemoryFileSystem.PathOf(Fixtures.ConnectorFile), file.ConnectorFullPath);
        Assert.Equal("test.instance.json", file.InstancePath);
        var c = Assert.Single(file.Cases);
        Assert.Equal("test/list/open items", c.FullName(file));
        Assert.Equal(["status", "region", "meta.id"], c.Variables.Select(v => v.Key));
        Assert.Equal(2, c.MaxPages);
        Assert.Null(c.MaxRecords);
        Assert.Equal([200], c.Expect.Status);
        Assert.Equal(["completed", "maxPages"], c.Expect.Stop);
        Assert.Equal((1, 10, (int?)null), (c.Expect.Records!.Min, c.Expect.Records.Max, c.Expect.Records.Exactly));
        Assert.Equal(1, c.Expect.Pages!.Exactly);
        Assert.Equal(["id", "tags[0]"], c.Expect.Fields.Select(f => f.Path));
        Assert.Equal([true, false], c.Expect.Headers.Select(h => h.IsPattern));
        Assert.Equal("json", c.Expect.Headers[0].Pattern);
        Assert.Equal(2, c.Expect.Assertions.Count);
        Assert.True(c.Expect.Assertions[1].Any);
        Assert.Equal(@"^Item \d+$", c.Expect.Assertions[1].Matches);
    }

    [Fact]
    public void A_number_variable_is_its_text()
    {
        var file = TestsFileReader.Read(TestsPath, Fixtures.Edit(Clean, ("\"status\": \"open\"", "\"status\": 3, \"flag\": true")));
        Assert.Equal(["3", "true"], file.Cases[0].Variables.Take(2).Select(v => v.Value));
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{ \"endpoints\": 3 }")]
    [InlineData("{ \"endpoints\": { \"list\": [ 1 ] } }")]
    [InlineData("{ \"endpoints\": { \"list\": { \"a\": { \"expect\": { \"records\": \"many\", \"status\": [\"x\"], \"assertions\": [1, {}] } } } } }")]
    [InlineData("{ \"endpoints\": { \"list\": { \"a\": { \"expect\": { \"records\": 1e99, \"pages\": -3 }")]
    public void Any_shape_is_read_without_throwing(string text)
    {
        var file = TestsFileReader.Read(TestsPath, text);
        Assert.All(file.Cases, c => Assert.Null(c.Expect.Records));
    }
}

/// <summary>A tests file holds "endpoints" as a connector does, but is never taken for one.</summary>
public sealed class TestsFileKindTests
{
    [Theory]
    [InlineData("shop.tests.json", Core.Workspace.DocumentKind.Unknown)]
    [InlineData("shop.TESTS.json", Core.Workspace.DocumentKind.Unknown)]
    [InlineData("shop.json", Core.Workspace.DocumentKind.Connector)]
    public void Only_the_name_tells_a_tests_file_from_a_connector(string name, Core.Workspace.DocumentKind expected)
    {
        var tree = Core.Syntax.JsonParser.Parse("""{ "endpoints": { "list": { "a": {} } } }""");
        Assert.Equal(expected, Core.Workspace.DocumentKinds.Detect("/virtual/" + name, tree));
    }
}
