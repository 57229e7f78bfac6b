using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Patchworks.LanguageServer.Tests.Infrastructure;
using Patchworks.TestApi.Hosting;

namespace Patchworks.LanguageServer.Tests;

/// <summary>
/// Issue 14, item 4: patchworks/runEndpoint answers a hostile response with a run that says what was wrong; an
/// internal error never reaches the client (each of these threw inside the server before).
/// </summary>
public sealed class RunHostileResponseTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string Connector(string url, string pagination, string auth) => $$"""
        {
          "name": "Hostile",
          "version": { "number": 1, "name": "1" },
          "systemType": "Other",
          "protocol": "HTTP",
          "authMethods": [ {{auth}} ],
          "endpoints": [
            { "id": "list", "name": "List", "direction": "receive", "method": "GET", "url": "{{url}}/items", "dataType": "json", "dataPath": "items"{{pagination}} }
          ]
        }
        """;

    [Theory]
    [InlineData("retry-after", "httpError", "longer than the runner waits")]
    [InlineData("next-url", "invalidResponse", "is not an http or https URL")]
    [InlineData("redirect-loop", "invalidResponse", "a redirect loop")]
    [InlineData("token-pattern", "authenticationFailed", "soap.tokenPattern is not a valid regular expression")]
    public async Task A_hostile_response_ends_the_run_with_a_stop_reason_not_an_internal_error(string kind, string stop, string message)
    {
        await using var api = await PlainHttpOrigin.StartAsync(routes =>
        {
            routes.MapGet("/items", (HttpContext context) =>
            {
                switch (kind)
                {
                    case "retry-after":
                        context.Response.Headers.RetryAfter = "1e12";
                        return Results.Json(new { errors = "slow down" }, statusCode: 429);
                    case "next-url":
                        return Results.Json(new { items = new[] { new { id = 1 } }, next = "http://[::1" });
                    case "redirect-loop":
                        return Results.Redirect("/again");
                    default:
                        return Results.Json(new { items = Array.Empty<object>() });
                }
            });
            routes.MapGet("/again", () => Results.Redirect("/items"));
            routes.MapPost("/login", () => Results.Text("<Envelope><Body><Detail>client,session</Detail></Body></Envelope>", "text/xml"));
        });
        var auth = kind == "token-pattern"
            ? $$"""{ "id": "soap", "name": "SOAP", "type": "soap", "url": "{{api.Url}}/login", "soap": { "envelope": "<Login/>", "tokenPattern": "^[^,]*,(.*$" }, "token": { "responsePath": "Envelope.Body.Detail" } }"""
            : """{ "id": "none", "name": "None", "type": "none" }""";
        var pagination = kind == "next-url" ? ", \"pagination\": { \"method\": \"nextPageUrl\", \"nextUrlPath\": \"next\" }" : "";
        var text = Connector(api.Url, pagination, auth);
        var path = _folder.Write("hostile.connector.json", text);
        var session = await InProcessServer.StartInitializedAsync();
        await using var scope = session;
        await session.Client.OpenAsync(path, text);

        var run = await session.Client.RequestAsync<JsonElement>("patchworks/runEndpoint", new { uri = LspClient.Uri(path), endpointId = "list" })
            .WaitAsync(TimeSpan.FromSeconds(60));

        var body = run.GetProperty("run");
        Assert.Equal(stop, body.GetProperty("stop").GetString());
        Assert.Contains(message, body.GetProperty("stopMessage").GetString(), StringComparison.Ordinal);
    }
}
