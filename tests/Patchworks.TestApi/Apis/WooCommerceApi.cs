using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Patchworks.TestApi.Hosting;

namespace Patchworks.TestApi.Apis;

/// <summary>
/// WooCommerce REST API v3 as samples/woocommerce uses it: HTTP Basic with a consumer key and secret, page and
/// per_page (at most 100, default 10), X-WP-Total and X-WP-TotalPages headers, an empty array past the last page,
/// and WooCommerce's error bodies for bad keys and bad parameters.
/// </summary>
public sealed class WooCommerceApi(int productCount = 250, int orderCount = 42, int customerCount = 75) : IFakeApi
{
    public const string ConsumerKey = "ck_staging_readwrite"; // the sample test instance's key
    public const string ConsumerSecret = "cs_test_7f3a9c1e5b2d4806";
    /// <summary>The sample instances' keys (their consumer_key values), each with its secret.</summary>
    public const string LiveConsumerKey = "ck_live_readwrite";
    public const string LiveConsumerSecret = "cs_live_2b8e4d6f0a1c3e5b";
    public const string StagingConsumerKey = "ck_staging_readwrite";
    public const string StagingConsumerSecret = "cs_staging_9d1f3b5a7c2e4068";
    /// <summary>The product the staging sample instance updates; it exists beside the listed ones.</summary>
    public const int SampleProductId = 794;

    public IReadOnlyList<string> Hosts { get; } = ["*.acme-outdoor.co.uk", "woo.test"];

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/wp-json/wc/v3/system_status", (HttpContext context) =>
            Authorised(context) ? Results.Json(new { environment = new { version = "9.4.0" } }) : Unauthorised());
        routes.MapGet("/wp-json/wc/v3/products", (HttpContext context) => List(context, productCount, id => new
        {
            id,
            name = $"Product {id}",
            sku = $"SKU-{id:D5}",
            type = "simple",
            status = "publish",
            price = (id * 1.25m).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),
            stock_quantity = id % 7,
        }));
        routes.MapGet("/wp-json/wc/v3/orders", (HttpContext context) => List(context, orderCount, id => new { id, number = $"{1000 + id}", status = "processing" }));
        routes.MapGet("/wp-json/wc/v3/customers", (HttpContext context) => List(context, customerCount, id => new { id, email = $"customer{id}@example.com", first_name = "Customer", last_name = $"{id}", role = "customer" }));
        // WooCommerce answers an update with the whole product; only the id and the sent fields matter to a client here.
        routes.MapPut("/wp-json/wc/v3/products/{id:int}", (HttpContext context, int id) =>
            !Authorised(context) ? Unauthorised()
            : id == SampleProductId || (id >= 1 && id <= productCount) ? Results.Json(new { id, name = $"Product {id}", type = "simple" })
            : Results.Json(new { code = "woocommerce_rest_product_invalid_id", message = "Invalid ID.", data = new { status = 404 } }, statusCode: 404));
    }

    private static IResult List<T>(HttpContext context, int total, Func<int, T> make)
    {
        if (!Authorised(context))
        {
            return Unauthorised();
        }
        var query = context.Request.Query;
        var page = int.TryParse(query["page"], out var p) ? p : 1;
        var perPage = int.TryParse(query["per_page"], out var n) ? n : 10;
        if (perPage is < 1 or > 100 || page < 1)
        {
            return Results.Json(new { code = "rest_invalid_param", message = "Invalid parameter(s): per_page", data = new { status = 400 } }, statusCode: 400);
        }
        var pages = (total + perPage - 1) / perPage;
        context.Response.Headers["X-WP-Total"] = total.ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.Headers["X-WP-TotalPages"] = pages.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var first = (page - 1) * perPage + 1;
        var items = Enumerable.Range(first, Math.Max(0, Math.Min(perPage, total - first + 1))).Select(make).ToList();
        return Results.Json(items);
    }

    private static bool Authorised(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            return false;
        }
        try
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..]));
            return pair == $"{ConsumerKey}:{ConsumerSecret}" || pair == $"{LiveConsumerKey}:{LiveConsumerSecret}" || pair == $"{StagingConsumerKey}:{StagingConsumerSecret}";
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static IResult Unauthorised() => Results.Json(
        new { code = "woocommerce_rest_cannot_view", message = "Sorry, you cannot list resources.", data = new { status = 401 } }, statusCode: 401);
}
