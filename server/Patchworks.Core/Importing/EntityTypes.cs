namespace Patchworks.Core.Importing;

/// <summary>
/// The entity type an imported endpoint gets from its resource's name (a folder, the last path segment). Publishing
/// looks entity types up in the Core API's list (orders, products, customers...: domain guide, section 15) and refuses
/// a name it does not hold, so an import that wrote "product-projections" or "bestellungen" could not be published:
/// a resource naming a known type (in its words, singular or plural) gets that type, any other "Other", and the import
/// report says which.
/// </summary>
public static class EntityTypes
{
    public const string Other = "Other";

    /// <summary>The entity types the Core API is known to list, as they are written there.</summary>
    public static readonly IReadOnlyList<string> Known =
    [
        "Orders", "Products", "Customers", "Inventory", "Stock", "Shipments", "Fulfilments", "Refunds", "Returns",
        "Invoices", "Payments", "Companies", "Contacts", "Deals", Other,
    ];

    /// <summary>Words of resource names and the type each means: singular and plural, British and American spellings.</summary>
    private static readonly Dictionary<string, string> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        ["order"] = "Orders", ["orders"] = "Orders", ["salesorder"] = "Orders", ["salesorders"] = "Orders",
        ["product"] = "Products", ["products"] = "Products", ["item"] = "Products", ["items"] = "Products", ["variant"] = "Products", ["variants"] = "Products", ["sku"] = "Products", ["skus"] = "Products",
        ["customer"] = "Customers", ["customers"] = "Customers",
        ["inventory"] = "Inventory", ["inventories"] = "Inventory",
        ["stock"] = "Stock", ["stocks"] = "Stock",
        ["shipment"] = "Shipments", ["shipments"] = "Shipments",
        ["fulfilment"] = "Fulfilments", ["fulfilments"] = "Fulfilments", ["fulfillment"] = "Fulfilments", ["fulfillments"] = "Fulfilments",
        ["refund"] = "Refunds", ["refunds"] = "Refunds",
        ["return"] = "Returns", ["returns"] = "Returns",
        ["invoice"] = "Invoices", ["invoices"] = "Invoices",
        ["payment"] = "Payments", ["payments"] = "Payments",
        ["company"] = "Companies", ["companies"] = "Companies",
        ["contact"] = "Contacts", ["contacts"] = "Contacts",
        ["deal"] = "Deals", ["deals"] = "Deals",
    };

    /// <summary>The entity type for a resource's name (a slug such as "sales-orders" or "product-projections").</summary>
    public static string For(string resource)
    {
        if (Words.TryGetValue(resource.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal), out var whole))
        {
            return whole;
        }
        // The last word that names a type wins: "sales-orders" is orders, "order-items" items (products), "product-projections" products.
        var words = resource.Split(['-', '_', ' '], StringSplitOptions.RemoveEmptyEntries);
        for (var i = words.Length - 1; i >= 0; i--)
        {
            if (Words.TryGetValue(words[i], out var type))
            {
                return type;
            }
        }
        return Other;
    }
}
