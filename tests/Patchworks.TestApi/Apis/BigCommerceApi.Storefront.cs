using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Patchworks.TestApi.Hosting;

namespace Patchworks.TestApi.Apis;

/// <summary>
/// BigCommerce's GraphQL Storefront API as samples/bigcommerce's list-products-graphql uses it, on
/// https://store-{store_hash}.mybigcommerce.com/graphql, written from BigCommerce's documentation ("GraphQL Storefront
/// API overview", "Authenticating requests to the GraphQL Storefront API"):
/// <list type="bullet">
/// <item><c>POST</c> with a JSON body <c>{query, variables}</c> and <c>Authorization: Bearer</c> a customer
/// impersonation token of the store (the token for server-to-server calls); a missing or foreign token → 401 (the
/// body is the stand-in's choice);</item>
/// <item>errors come back with HTTP 200 and an <c>errors</c> array and no data: a query over the complexity limit of
/// 10,000 ("The query is too complex as it has a complexity score of N out of 10000..."), deeper than 16 levels,
/// <c>first</c> outside 1..50, a cursor the API did not give, a field the schema does not have; every answer that
/// ran carries <c>X-Bc-Graphql-Complexity</c>;</item>
/// <item><c>site { products(first, after) }</c> is a cursor connection as the Relay specification defines it:
/// <c>pageInfo { hasNextPage endCursor startCursor hasPreviousPage }</c> and <c>edges { cursor node }</c>, 10 items
/// when <c>first</c> is left out, cursors as BigCommerce's examples show them (base64 of "arrayconnection:" and the
/// item's index), <c>hasNextPage</c> false on the last page, and on an empty connection no edges and a null
/// <c>endCursor</c>. The storefront lists visible products only (every eleventh product is hidden), by entityId.</item>
/// </list>
/// BigCommerce does not publish its complexity algorithm: the stand-in scores 1 for each field, times the page
/// size of every connection around it (10 for a connection without <c>first</c>), which puts 50 products with a
/// few fields well under the limit and 50 products with 250 variants each over it, as BigCommerce's example says.
/// </summary>
public sealed partial class BigCommerceApi
{
    /// <summary>Customer impersonation tokens of the two stores (JWTs on BigCommerce; opaque strings here).</summary>
    public const string TestStorefrontToken = "bcsf.test.eyJjaGFubmVsX2lkcyI6WzFdfQ.k3m9q2x7w1";
    public const string LiveStorefrontToken = "bcsf.live.eyJjaGFubmVsX2lkcyI6WzFdfQ.p4t8v1z6c0";
    public const int MaxGraphQlFirst = 50;
    public const int DefaultGraphQlFirst = 10;
    public const int ComplexityLimit = 10_000;
    public const int DepthLimit = 16;

    public static IReadOnlyDictionary<string, string> StorefrontTokens { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [TestStoreHash] = TestStorefrontToken,
        [LiveStoreHash] = LiveStorefrontToken,
    };

    /// <summary>The storefront's products, in the order the connection serves them: the visible ones, by id.</summary>
    public IEnumerable<int> StorefrontProductIds() => Enumerable.Range(1, _productCount).Where(n => n % 11 != 0);

    public static string StorefrontCursor(int index) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"arrayconnection:{index}"));

    private void MapStorefront(IEndpointRouteBuilder storefront) =>
        storefront.MapPost("/graphql", AsyncHandler.Of(Storefront));

    private async Task<IResult> Storefront(HttpContext context)
    {
        var host = context.Request.Host.Host;
        var store = host.StartsWith("store-", StringComparison.Ordinal) && host.EndsWith(".mybigcommerce.com", StringComparison.Ordinal)
            ? host["store-".Length..^".mybigcommerce.com".Length] : "";
        if (!StorefrontTokens.TryGetValue(store, out var token))
        {
            return Results.NotFound();
        }
        if (context.Request.Headers.Authorization.ToString() != "Bearer " + token)
        {
            return Results.Text(new JsonObject { ["status"] = 401, ["title"] = "Unauthorized: the storefront token is missing, expired or not valid for this store." }.ToJsonString(), "application/json; charset=utf-8", Encoding.UTF8, 401);
        }
        JsonObject? body;
        try
        {
            body = await RequestFields.ReadJsonAsync(context.Request) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            body = null;
        }
        if (body?["query"] is not JsonValue queryValue || !queryValue.TryGetValue<string>(out var query))
        {
            return GraphQlErrors("No query string was present");
        }
        // Variables are an object, or JSON text of one (the sample's body parameter is a string).
        var variables = body["variables"] switch
        {
            JsonObject o => o,
            JsonValue v when v.TryGetValue<string>(out var text) && text.Length > 0 => JsonNode.Parse(text) as JsonObject,
            _ => null,
        } ?? [];

        List<Field> selection;
        try
        {
            selection = new GraphQlReader(query).ReadOperation();
        }
        catch (FormatException e)
        {
            return GraphQlErrors($"Parse error: {e.Message}");
        }
        if (Depth(selection) is var depth && depth > DepthLimit)
        {
            return GraphQlErrors($"Query has depth of {depth}, which exceeds max depth of {DepthLimit}");
        }
        int complexity;
        try
        {
            complexity = Complexity(selection, 1, variables);
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            return GraphQlErrors(e is OverflowException ? $"The query is too complex: its complexity score is over {ComplexityLimit}" : e.Message);
        }
        if (complexity > ComplexityLimit)
        {
            return GraphQlErrors($"The query is too complex as it has a complexity score of {complexity} out of {ComplexityLimit}. Please remove some elements and try again");
        }
        context.Response.Headers["X-Bc-Graphql-Complexity"] = complexity.ToString(CultureInfo.InvariantCulture);
        if (selection is not [{ Name: "site" } site] || site.Selection is null)
        {
            return GraphQlErrors("This test API serves site { products } only");
        }
        try
        {
            return Resolve(store, site, variables);
        }
        catch (GraphQlFieldException e)
        {
            return GraphQlErrors(e.Message);
        }
    }

    private IResult Resolve(string store, Field site, JsonObject variables)
    {
        var data = new JsonObject();
        var siteData = new JsonObject();
        foreach (var field in site.Selection!)
        {
            if (field.Name != "products" || field.Selection is null)
            {
                return GraphQlErrors($"Field '{field.Name}' doesn't exist on type 'Site' (in this test API)");
            }
            var first = IntArgument(field, "first", variables) ?? DefaultGraphQlFirst;
            if (first is < 1 or > MaxGraphQlFirst)
            {
                return GraphQlErrors($"Argument 'first' on field 'products' must be between 1 and {MaxGraphQlFirst}, got {first}");
            }
            var after = StringArgument(field, "after", variables);
            var start = 0;
            if (after is not null && !TryDecodeStorefrontCursor(after, out start))
            {
                return GraphQlErrors($"Invalid cursor: {after}");
            }
            var ids = StorefrontProductIds().ToList();
            var from = after is null ? 0 : start + 1;
            var page = ids.Skip(from).Take(first).Select((id, i) => (Id: id, Index: from + i)).ToList();
            var connection = new JsonObject();
            foreach (var part in field.Selection)
            {
                switch (part.Name)
                {
                    case "pageInfo":
                        var info = new JsonObject();
                        foreach (var item in part.Selection ?? [])
                        {
                            info[item.Alias] = item.Name switch
                            {
                                "hasNextPage" => from + page.Count < ids.Count,
                                "hasPreviousPage" => from > 0,
                                "endCursor" => page.Count == 0 ? null : StorefrontCursor(page[^1].Index),
                                "startCursor" => page.Count == 0 ? null : StorefrontCursor(page[0].Index),
                                _ => throw new GraphQlFieldException($"Field '{item.Name}' doesn't exist on type 'PageInfo'"),
                            };
                        }
                        connection[part.Alias] = info;
                        break;
                    case "edges":
                        var edges = new JsonArray();
                        foreach (var (id, index) in page)
                        {
                            var edge = new JsonObject();
                            foreach (var item in part.Selection ?? [])
                            {
                                edge[item.Alias] = item.Name switch
                                {
                                    "cursor" => StorefrontCursor(index),
                                    "node" => Project(StorefrontProduct(store, id), item.Selection ?? [], "Product"),
                                    _ => throw new GraphQlFieldException($"Field '{item.Name}' doesn't exist on type 'ProductEdge'"),
                                };
                            }
                            edges.Add(edge);
                        }
                        connection[part.Alias] = edges;
                        break;
                    default:
                        return GraphQlErrors($"Field '{part.Name}' doesn't exist on type 'ProductConnection' (in this test API)");
                }
            }
            siteData[field.Alias] = connection;
        }
        data[site.Alias] = siteData;
        return Results.Text(new JsonObject { ["data"] = data }.ToJsonString(JsonText.Options), "application/json; charset=utf-8");
    }

    private static bool TryDecodeStorefrontCursor(string cursor, out int index)
    {
        index = 0;
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            return text.StartsWith("arrayconnection:", StringComparison.Ordinal)
                && int.TryParse(text.AsSpan("arrayconnection:".Length), NumberStyles.None, CultureInfo.InvariantCulture, out index);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>What the storefront knows of a product, as the schema nests it.</summary>
    private JsonObject StorefrontProduct(string store, int n)
    {
        var product = Product(store, n);
        var price = product["price"]!.GetValue<double>();
        var level = product["inventory_level"]!.GetValue<int>();
        return new JsonObject
        {
            ["id"] = Convert.ToBase64String(Encoding.UTF8.GetBytes($"Product:{n}")),
            ["entityId"] = n,
            ["sku"] = product["sku"]!.DeepClone(),
            ["name"] = product["name"]!.DeepClone(),
            ["path"] = $"/trail-product-{n}/",
            ["prices"] = new JsonObject
            {
                ["price"] = new JsonObject { ["value"] = price, ["currencyCode"] = "GBP" },
                ["retailPrice"] = null,
                ["salePrice"] = null,
            },
            ["inventory"] = new JsonObject
            {
                ["isInStock"] = level > 0,
                ["hasVariantInventory"] = false,
                ["aggregated"] = new JsonObject { ["availableToSell"] = level, ["warningLevel"] = 0 },
            },
        };
    }

    /// <summary>The requested fields of an object, by alias; a field the object does not have is a GraphQL error.</summary>
    private static JsonObject Project(JsonObject source, List<Field> selection, string type)
    {
        var result = new JsonObject();
        foreach (var field in selection)
        {
            if (!source.TryGetPropertyValue(field.Name, out var value))
            {
                throw new GraphQlFieldException($"Field '{field.Name}' doesn't exist on type '{type}'");
            }
            result[field.Alias] = value is JsonObject nested && field.Selection is not null
                ? Project(nested, field.Selection, field.Name)
                : value?.DeepClone();
        }
        return result;
    }

    private sealed class GraphQlFieldException(string message) : Exception(message);

    private static int Depth(List<Field> selection) => selection.Count == 0 ? 0 : 1 + selection.Max(f => f.Selection is null ? 0 : Depth(f.Selection));

    /// <summary>1 a field, times the page size of every connection around it (see the class summary).</summary>
    private static int Complexity(List<Field> selection, int multiplier, JsonObject variables)
    {
        var total = 0;
        foreach (var field in selection)
        {
            total += multiplier;
            if (field.Selection is not null)
            {
                var isConnection = field.Arguments.ContainsKey("first") || field.Selection.Any(f => f.Name == "edges");
                var size = isConnection ? IntArgument(field, "first", variables) ?? DefaultGraphQlFirst : 1;
                total = checked(total + Complexity(field.Selection, checked(multiplier * Math.Max(size, 1)), variables));
            }
        }
        return total;
    }

    private static int? IntArgument(Field field, string name, JsonObject variables) => Argument(field, name, variables) switch
    {
        null => null,
        JsonValue v when v.TryGetValue<int>(out var i) => i,
        JsonValue v when v.TryGetValue<string>(out var s) && int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i) => i,
        var other => throw new FormatException($"Argument '{name}' on field '{field.Name}' has an invalid value ({other.ToJsonString()}). Expected type 'Int'."),
    };

    private static string? StringArgument(Field field, string name, JsonObject variables) => Argument(field, name, variables) switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        var other => throw new FormatException($"Argument '{name}' on field '{field.Name}' has an invalid value ({other.ToJsonString()}). Expected type 'String'."),
    };

    /// <summary>An argument's value: a literal, or the variable it names (null when absent or null).</summary>
    private static JsonNode? Argument(Field field, string name, JsonObject variables) =>
        !field.Arguments.TryGetValue(name, out var raw) ? null
        : raw.StartsWith('$') ? variables[raw[1..]]?.DeepClone()
        : raw == "null" ? null
        : raw.StartsWith('"') ? JsonValue.Create(raw[1..^1])
        : int.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i) ? JsonValue.Create(i)
        : JsonValue.Create(raw);

    private static IResult GraphQlErrors(string message) =>
        Results.Text(new JsonObject { ["errors"] = new JsonArray(new JsonObject { ["message"] = message }) }.ToJsonString(JsonText.Options), "application/json; charset=utf-8");

    /// <summary>A field of a selection set: its alias (else its name), arguments as raw text, and its own selection.</summary>
    private sealed record Field(string Alias, string Name, Dictionary<string, string> Arguments, List<Field>? Selection);

    /// <summary>
    /// Enough of GraphQL's grammar for the stand-in: one query operation (named, with variable definitions, or
    /// anonymous), fields with aliases and scalar arguments, inline fragments (their fields are merged in); named
    /// fragments and mutations are refused.
    /// </summary>
    private sealed class GraphQlReader(string text)
    {
        private int _at;

        public List<Field> ReadOperation()
        {
            Skip();
            if (Peek() is >= 'a' and <= 'z')
            {
                var keyword = Name();
                if (keyword != "query")
                {
                    throw new FormatException($"this test API runs queries only, not '{keyword}'");
                }
                Skip();
                if (Peek() is not ('{' or '('))
                {
                    Name();
                    Skip();
                }
                if (Peek() == '(')
                {
                    // Variable definitions: their types are not checked.
                    while (_at < text.Length && text[_at] != ')')
                    {
                        _at++;
                    }
                    Expect(')');
                }
            }
            var selection = SelectionSet();
            Skip();
            if (_at < text.Length)
            {
                throw new FormatException($"unexpected '{text[_at]}' after the operation (fragments are not served by this test API)");
            }
            return selection;
        }

        private List<Field> SelectionSet()
        {
            Expect('{');
            var fields = new List<Field>();
            while (true)
            {
                Skip();
                if (Peek() == '}')
                {
                    _at++;
                    return fields.Count == 0 ? throw new FormatException("an empty selection set") : fields;
                }
                if (text.AsSpan(_at).StartsWith("..."))
                {
                    _at += 3;
                    Skip();
                    if (Name() != "on")
                    {
                        throw new FormatException("named fragments are not served by this test API");
                    }
                    Skip();
                    Name();
                    Skip();
                    fields.AddRange(SelectionSet());
                    continue;
                }
                var alias = Name();
                var name = alias;
                Skip();
                if (Peek() == ':')
                {
                    _at++;
                    Skip();
                    name = Name();
                    Skip();
                }
                var arguments = new Dictionary<string, string>(StringComparer.Ordinal);
                if (Peek() == '(')
                {
                    _at++;
                    while (true)
                    {
                        Skip();
                        if (Peek() == ')')
                        {
                            _at++;
                            break;
                        }
                        var argument = Name();
                        Skip();
                        Expect(':');
                        Skip();
                        arguments[argument] = Value();
                    }
                    Skip();
                }
                fields.Add(new Field(alias, name, arguments, Peek() == '{' ? SelectionSet() : null));
            }
        }

        private string Value()
        {
            var start = _at;
            if (Peek() == '"')
            {
                _at++;
                while (_at < text.Length && text[_at] != '"')
                {
                    _at += text[_at] == '\\' ? 2 : 1;
                }
                Expect('"');
                return text[start.._at];
            }
            if (Peek() == '$')
            {
                _at++;
            }
            while (_at < text.Length && (char.IsLetterOrDigit(text[_at]) || text[_at] is '_' or '-' or '.'))
            {
                _at++;
            }
            return _at > start ? text[start.._at] : throw new FormatException($"a value expected at {_at}");
        }

        private string Name()
        {
            var start = _at;
            while (_at < text.Length && (char.IsLetterOrDigit(text[_at]) || text[_at] == '_'))
            {
                _at++;
            }
            return _at > start ? text[start.._at] : throw new FormatException($"a name expected at {_at}");
        }

        private char Peek() => _at < text.Length ? text[_at] : '\0';

        private void Expect(char c)
        {
            Skip();
            if (Peek() != c)
            {
                throw new FormatException($"'{c}' expected at {_at}");
            }
            _at++;
        }

        private void Skip()
        {
            while (_at < text.Length)
            {
                if (char.IsWhiteSpace(text[_at]) || text[_at] == ',')
                {
                    _at++;
                }
                else if (text[_at] == '#')
                {
                    while (_at < text.Length && text[_at] != '\n')
                    {
                        _at++;
                    }
                }
                else
                {
                    return;
                }
            }
        }
    }
}
