using Patchworks.Core.Completion;
using Patchworks.Core.Syntax;

namespace Patchworks.Core.Tests.Completion;

/// <summary>Where the cursor is, in finished and in half-typed text, and the exact span a candidate replaces.</summary>
public sealed class CursorLocatorTests
{
    private static (CursorPosition Position, string Text) Locate(string marked)
    {
        var (text, offset) = Cursor.Split(marked);
        return (CursorLocator.Locate(JsonParser.Parse(text), offset), text);
    }

    private static string Replaced(CursorPosition position, string text) => text.Substring(position.Replace.Start, position.Replace.Length);

    [Theory]
    [InlineData("{ \"na| }", "\"na")]
    [InlineData("{ \"na|\" }", "\"na\"")]
    [InlineData("{ na| }", "na")]
    [InlineData("{ \"name\": \"x\", | }", "")]
    [InlineData("{ \"name\": \"x\"\n  \"ver| \n", "\"ver")]
    [InlineData("{ \"a\": { \"b\": 1,\n   | \n", "")]
    public void A_property_name_position_replaces_the_half_typed_key(string marked, string replaced)
    {
        var (position, text) = Locate(marked);
        Assert.Equal(CursorPlace.PropertyName, position.Place);
        Assert.Equal(replaced, Replaced(position, text));
    }

    [Fact]
    public void An_unclosed_nested_object_still_holds_the_cursor_after_its_last_property()
    {
        var (position, _) = Locate("{ \"a\": { \"b\": 1,\n   | \n");
        Assert.Equal("a", ((PropertySyntax)position.Object!.Parent!).Name);
    }

    [Theory]
    [InlineData("{ \"direction\": | }", "direction", "")]
    [InlineData("{ \"direction\": \"re|\" }", "direction", "\"re\"")]
    [InlineData("{ \"direction\": re| }", "direction", "re")]
    [InlineData("{ \"required\": tr|ue }", "required", "true")]
    [InlineData("{ \"a\": 1, \"direction\":| ", "direction", "")]
    public void A_value_position_names_its_property(string marked, string property, string replaced)
    {
        var (position, text) = Locate(marked);
        Assert.Equal(CursorPlace.PropertyValue, position.Place);
        Assert.Equal(property, position.Property!.Name);
        Assert.Equal(replaced, Replaced(position, text));
    }

    [Theory]
    [InlineData("{ \"a\": [ | ] }", "")]
    [InlineData("{ \"a\": [ \"x\", \"k|\" ] }", "\"k\"")]
    [InlineData("{ \"a\": [ {}, \n | ", "")]
    public void An_array_item_position(string marked, string replaced)
    {
        var (position, text) = Locate(marked);
        Assert.Equal(CursorPlace.ArrayItem, position.Place);
        Assert.Equal(replaced, Replaced(position, text));
    }

    [Theory]
    [InlineData("{ // a com|ment\n }")]
    [InlineData("{ /* a com|ment */ }")]
    [InlineData("|{ }")]
    [InlineData("{ }|")]
    [InlineData("{ \"a\": \"x\" }  |")]
    public void Nothing_in_comments_or_outside_the_root(string marked)
    {
        Assert.Equal(CursorPlace.None, Locate(marked).Position.Place);
    }

    [Fact]
    public void A_key_with_its_colon_is_edited_by_name_only()
    {
        var (position, _) = Locate("{ \"na|\": \"x\" }");
        Assert.True(position.KeyHasColon);
        Assert.False(Locate("{ \"na|\" }").Position.KeyHasColon);
        Assert.True(Locate("{ na|: \"x\" }").Position.KeyHasColon);
        Assert.False(Locate("{ \"a\": 1, | }").Position.KeyHasColon);
    }
}
