using Patchworks.Core.Editing;
using Patchworks.Core.Syntax;

namespace Patchworks.Core.Tests.Editing;

/// <summary>Edits change only what they must: the rest of the text, comments included, stays byte for byte.</summary>
public sealed class JsonEditsTests
{
    private static string AddTo(string text, string name, string value, Func<ObjectSyntax, ObjectSyntax>? pick = null)
    {
        var tree = JsonParser.Parse(text);
        var root = (ObjectSyntax)tree.Root!;
        return TextEdit.Apply(text, JsonEdits.AddProperty(tree, (pick ?? (r => r))(root), name, value));
    }

    private static string Remove(string text, string name)
    {
        var tree = JsonParser.Parse(text);
        return TextEdit.Apply(text, JsonEdits.RemoveProperty(tree, ((ObjectSyntax)tree.Root!).Find(name)!));
    }

    [Theory]
    [InlineData("{\n  \"a\": 1\n}", "{\n  \"a\": 1,\n  \"b\": 2\n}")]
    [InlineData("{\n  \"a\": 1,\n}", "{\n  \"a\": 1,\n  \"b\": 2,\n}")]
    [InlineData("{\n  \"a\": 1 // one\n}", "{\n  \"a\": 1, // one\n  \"b\": 2\n}")]
    [InlineData("{\r\n\t\"a\": 1 /* one */\r\n}", "{\r\n\t\"a\": 1, /* one */\r\n\t\"b\": 2\r\n}")]
    [InlineData("{ \"a\": 1 }", "{ \"a\": 1, \"b\": 2 }")]
    [InlineData("{ \"a\": 1, }", "{ \"a\": 1, \"b\": 2, }")]
    [InlineData("{}", "{ \"b\": 2 }")]
    [InlineData("{\n}", "{\n  \"b\": 2\n}")]
    public void A_property_is_added_after_the_last_one_as_its_siblings_are_written(string before, string after) =>
        Assert.Equal(after, AddTo(before, "b", "2"));

    [Fact]
    public void A_property_in_a_nested_empty_object_gets_one_more_level_of_the_files_indentation()
    {
        var text = "{\n    \"x\": {\n    }\n}";
        Assert.Equal("{\n    \"x\": {\n        \"b\": 2\n    }\n}", AddTo(text, "b", "2", r => (ObjectSyntax)r["x"]!));
    }

    [Theory]
    [InlineData("{\n  \"a\": 1,\n  \"b\": 2,\n  \"c\": 3\n}", "{\n  \"a\": 1,\n  \"c\": 3\n}")]
    [InlineData("{\n  \"a\": 1,\n  // about c\n  \"b\": 2\n}", "{\n  \"a\": 1\n  // about c\n}")]
    [InlineData("{\n  \"a\": 1,\n  \"b\": 2\n}", "{\n  \"a\": 1\n}")]
    [InlineData("{\r\n  \"a\": 1,\r\n  \"b\": 2\r\n}", "{\r\n  \"a\": 1\r\n}")]
    [InlineData("{ \"a\": 1, \"b\": 2 }", "{ \"a\": 1 }")]
    [InlineData("{ \"b\": 2, \"a\": 1 }", "{ \"a\": 1 }")]
    [InlineData("{ \"b\": 2 }", "{ }")]
    public void A_property_is_removed_with_its_comma_and_its_line_when_alone_on_it(string before, string after) =>
        Assert.Equal(after, Remove(before, "b"));

    [Theory]
    [InlineData("Test - UK", "test-uk")]
    [InlineData("  ACME Ltd. (live) ", "acme-ltd-live")]
    [InlineData("2024 store", "i-2024-store")]
    [InlineData("---", "instance")]
    public void Secret_names_are_slugs_of_the_instance_name(string name, string slug)
    {
        var instance = new Model.Instance { FilePath = "/x/a.instance.json", Tree = JsonParser.Parse("{}"), Name = name };
        Assert.Equal(slug, SecretNames.Slug(instance));
        Assert.True(Model.SecretReference.TryParse(SecretNames.ReferenceFor(instance, "api_key"), out _));
    }
}
