using System.Text.Json.Nodes;
using Patchworks.Core.Running.Data;
using Patchworks.Core.Running.Results;
using Xunit;

namespace Patchworks.Runner.Tests.Data;

/// <summary>What a run result keeps of an XML or CSV page's records: redacted copies, bounded in size.</summary>
public sealed class ListedRecordsTests
{
    [Fact]
    public void A_secret_in_a_field_name_or_value_is_masked_in_the_listed_copy()
    {
        var redactor = new Redactor();
        redactor.Add("s3cr3t-session");
        var records = CsvRecords.Parse("Code,Note\nA1,\"session s3cr3t-session, kept\"\n");

        var listed = ListedRecords.Of(records, redactor);

        Assert.Equal("""[{"Code":"A1","Note":"session ••••••, kept"}]""", listed.ToJsonString(new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }

    [Fact]
    public void A_page_past_the_size_bound_lists_its_first_records_only()
    {
        var cell = new string('x', 1000);
        var records = new JsonArray([.. Enumerable.Range(0, 2000).Select(i => (JsonNode)new JsonObject { ["Id"] = $"{i}", ["Text"] = cell })]);

        var listed = ListedRecords.Of(records, new Redactor());

        Assert.InRange(listed.Count, 900, 1000);
        Assert.Equal("0", listed[0]!["Id"]!.GetValue<string>());
        Assert.True(listed.Sum(r => r!.AsObject().Sum(f => f.Key.Length + f.Value!.GetValue<string>().Length)) <= ListedRecords.MaxChars);
    }
}
