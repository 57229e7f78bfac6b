using Patchworks.Core.Model;
using Patchworks.Core.Running;
using Patchworks.Core.Running.Data;
using Patchworks.Core.Syntax;

namespace Patchworks.Runner.Tests.Running;

/// <summary>The detection of errors in 200 answers on bodies of every shape: it never throws, and says no error when unsure.</summary>
public sealed class ApiErrorsTests
{
    private static Endpoint Endpoint(string? dataPath = "data.items", string? errorPath = null) =>
        new() { Syntax = new ObjectSyntax(default), DataPath = dataPath, ErrorPath = errorPath };

    [Theory]
    [InlineData("""{ "errors": "Not an array" }""")]
    [InlineData("""{ "errors": {} }""")]
    [InlineData("""[ { "errors": [ "in a record" ] } ]""")]
    [InlineData("""{ "data": { "items": [] }, "data": { "items": [] }, "error": null }""")] // a repeated member
    [InlineData("\"errors\"")]
    [InlineData("42")]
    public void Bodies_of_odd_shapes_are_no_error_and_never_throw(string body)
    {
        var json = ResponseData.ParseJson(body);

        Assert.Null(ApiErrors.Detect(Endpoint(errorPath: "error"), json, body, xml: false));
        Assert.Null(ApiErrors.PartialErrors(json));
    }

    [Theory]
    [InlineData("""{ "errors": [ { "message": "Throttled", "extensions": { "code": "THROTTLED" } } ] }""", 1000)] // no cost extension: 1 s
    [InlineData("""{ "errors": [ { "message": "Throttled", "extensions": { "code": "THROTTLED" } } ], "extensions": { "cost": { "requestedQueryCost": 102, "throttleStatus": { "currentlyAvailable": 2, "restoreRate": 50 } } } }""", 2000)]
    [InlineData("""{ "errors": [ { "message": "Throttled", "extensions": { "code": "THROTTLED" } } ], "extensions": { "cost": { "requestedQueryCost": 10, "throttleStatus": { "currentlyAvailable": 900, "restoreRate": 50 } } } }""", 100)] // already available: the least wait
    [InlineData("""{ "errors": [ { "message": "Throttled", "extensions": { "code": "THROTTLED" } } ], "extensions": { "cost": { "requestedQueryCost": 1e308, "throttleStatus": { "currentlyAvailable": -1e308, "restoreRate": 1e-300 } } } }""", 86_400_000)] // capped at a day
    public void Throttled_errors_say_how_long_to_wait(string body, double milliseconds)
    {
        var error = ApiErrors.Detect(Endpoint(), ResponseData.ParseJson(body), body, xml: false);

        Assert.NotNull(error);
        Assert.Equal(milliseconds, error.Wait!.Value.TotalMilliseconds);
    }

    [Fact]
    public void A_long_message_is_cut()
    {
        var body = $$"""{ "errors": [ { "message": "{{new string('x', 5000)}}" } ] }""";

        var error = ApiErrors.Detect(Endpoint(), ResponseData.ParseJson(body), body, xml: false);

        Assert.True(error!.Message.Length <= 501, $"{error.Message.Length} characters");
        Assert.Null(error.Wait);
    }

    [Theory]
    [InlineData("<not xml")]
    [InlineData("<Fault><faultstring>not in an envelope</faultstring></Fault>")]
    [InlineData("<s:Envelope xmlns:s=\"x\"><s:Header><s:Fault>in the header</s:Fault></s:Header><s:Body /></s:Envelope>")]
    public void Xml_that_holds_no_fault_in_an_envelope_body_is_no_error(string body)
    {
        Assert.Null(ApiErrors.Detect(Endpoint(), null, body, xml: true));
    }
}
