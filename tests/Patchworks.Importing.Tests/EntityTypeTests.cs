using Patchworks.Core.Importing;

namespace Patchworks.Importing.Tests;

/// <summary>An imported endpoint's entity type is one publishing can find in the Core API's list.</summary>
public sealed class EntityTypeTests
{
    [Theory]
    [InlineData("orders", "Orders")]
    [InlineData("order", "Orders")]
    [InlineData("sales-orders", "Orders")]
    [InlineData("salesorders", "Orders")]
    [InlineData("product-projections", "Products")] // commercetools' OpenAPI: the last word names no type, the one before does
    [InlineData("products-uuid", "Products")]       // Akeneo's
    [InlineData("order-items", "Products")]          // the last word that names a type wins
    [InlineData("fulfillments", "Fulfilments")]
    [InlineData("companies", "Companies")]
    [InlineData("inventory_levels", "Inventory")]
    [InlineData("bestellungen", "Other")]
    [InlineData("categories", "Other")]
    [InlineData("shipping-methods", "Other")]
    public void A_resource_name_maps_to_an_entity_type_publishing_knows(string resource, string expected)
    {
        var type = EntityTypes.For(resource);
        Assert.Equal(expected, type);
        Assert.Contains(type, EntityTypes.Known);
    }
}
