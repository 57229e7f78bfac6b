namespace Patchworks.TestApi.Apis;

/// <summary>
/// The reference lists of A2: <c>GET /system-types</c>, <c>/entity-types</c>, <c>/authentication-types</c>, each of
/// <c>{id, name}</c>. The names of system types are documented (section 15); the others are the contract's seeds.
/// Ids are integers that start at 3 and step by 7, handed out in a shuffled order, so that id order is not name
/// order and an id is never a position in the list: a client has to look them up.
/// </summary>
internal static class CoreApiReferenceLists
{
    public const string SystemTypes = "system-types";
    public const string EntityTypes = "entity-types";
    public const string AuthenticationTypes = "authentication-types";

    public static readonly IReadOnlyDictionary<string, IReadOnlyList<(int Id, string Name)>> All =
        new Dictionary<string, IReadOnlyList<(int Id, string Name)>>(StringComparer.Ordinal)
        {
            [SystemTypes] = Seed(15, ["Accounting", "CRM", "eCommerce", "ERP", "Marketplaces", "Other", "PIM", "POS", "3PL", "WMS", "Database"]),
            [EntityTypes] = Seed(27,
            [
                "Orders", "Products", "Customers", "Inventory", "Shipments", "Fulfilments", "Refunds", "Companies", "Deals",
                "Contacts", "Invoices", "Payments", "Stock", "Returns", "Other",
            ]),
            [AuthenticationTypes] = Seed(39,
            [
                "Basic", "Token", "API Key", "OAuth 2 (Client Credentials)", "OAuth 2 (Authorisation Code)", "OAuth 1", "SOAP", "None",
            ]),
        };

    public static bool Has(string list, int id) => All.TryGetValue(list, out var entries) && entries.Any(e => e.Id == id);

    /// <summary>Ids 3, 10, 17, … given to the names in a fixed shuffled order; the list is served in id order.</summary>
    private static IReadOnlyList<(int Id, string Name)> Seed(int seed, string[] names)
    {
        var order = names.ToArray();
        new Random(seed).Shuffle(order);
        // Make sure the shuffle did not leave the names in alphabetical order (it would hide lookups by position).
        if (order.SequenceEqual(order.Order(StringComparer.OrdinalIgnoreCase)))
        {
            Array.Reverse(order);
        }
        return [.. order.Select((name, index) => (3 + (7 * index), name))];
    }
}
