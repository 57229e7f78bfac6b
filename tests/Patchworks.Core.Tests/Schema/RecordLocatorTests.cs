using System.Text.Json.Nodes;
using Patchworks.Core.Schema.Inference;

namespace Patchworks.Core.Tests.Schema;

public sealed class RecordLocatorTests
{
    private static LocatedRecords Find(string json) => RecordLocator.Find(JsonNode.Parse(json));

    [Fact]
    public void A_root_array_is_the_records_with_no_data_path_and_no_guess()
    {
        var found = Find("""[ { "id": 1 }, { "id": 2 } ]""");
        Assert.Equal("", found.DataPath);
        Assert.Equal(2, found.Records.Count);
        Assert.True(found.IsList);
        Assert.False(found.Guessed);
    }

    [Fact]
    public void A_data_array_is_chosen_by_name_before_other_arrays()
    {
        var found = Find("""{ "_links": { "next": { "href": "x" } }, "itemsTotal": 3, "tags": [ { "a": 1 }, { "a": 2 }, { "a": 3 } ], "data": [ { "id": 1 } ] }""");
        Assert.Equal("data", found.DataPath);
        Assert.True(found.Guessed);
        Assert.Contains("among", found.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_only_array_of_objects_beside_paging_fields_is_chosen()
    {
        var found = Find("""{ "orders": [ { "id": 1 } ], "total_count": 1, "has_more": false, "meta": { "page": 1 } }""");
        Assert.Equal("orders", found.DataPath);
        Assert.True(found.Guessed);
    }

    [Fact]
    public void Near_miss_a_single_record_with_an_array_property_is_one_record()
    {
        var found = Find("""{ "id": 7, "number": "1001", "lines": [ { "sku": "A" } ] }""");
        Assert.Equal("", found.DataPath);
        Assert.False(found.IsList);
        Assert.Single(found.Records);
    }

    [Fact]
    public void Several_unnamed_arrays_beside_paging_fields_the_largest_wins_as_a_guess()
    {
        var found = Find("""{ "products": [ { "id": 1 }, { "id": 2 } ], "variants": [ { "id": 3 } ], "count": 2 }""");
        Assert.Equal("products", found.DataPath);
        Assert.Contains("largest", found.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void One_level_inside_a_data_object_and_never_an_errors_array()
    {
        Assert.Equal("data.items", Find("""{ "data": { "items": [ { "id": 1 } ], "page": 1 } }""").DataPath);
        var errors = Find("""{ "errors": [ { "code": 1 } ], "status": "ok" }""");
        Assert.Equal("", errors.DataPath);
        Assert.False(errors.IsList);
    }

    [Fact]
    public void Arrays_of_scalars_are_not_records()
    {
        var found = Find("""{ "ids": [1, 2, 3], "count": 3 }""");
        Assert.Equal("", found.DataPath);
        Assert.False(found.IsList);
    }
}
