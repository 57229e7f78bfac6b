using System.Text.Json;
using Patchworks.Core.Running.Results;
using Patchworks.Runner.Tests.Infrastructure;
using Patchworks.TestApi.Apis;
using Patchworks.TestApi.Hosting;

namespace Patchworks.Runner.Tests.Running;

/// <summary>
/// CSV pages as a warehouse exports them (Peoplevox: CSV in a SOAP Detail element), with quoted cells holding commas,
/// quotes and an address over three lines: every record counted once, and listed in the result as extracted.
/// </summary>
public sealed class CsvPageTests
{
    [Fact]
    public async Task Peoplevox_item_types_with_multi_line_addresses_are_counted_exactly_and_listed_by_their_header()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new PeoplevoxApi()]);
        using var result = await Runs.SampleAsync("peoplevox", "get-item-types", "qa.instance.json",
            Runs.OptionsFor(server, new Dictionary<string, string> { ["PEOPLEVOX_QA_PASSWORD_BASE64"] = PeoplevoxApi.PasswordBase64 }, maxPages: 100));

        Assert.True(result.Stop == StopReason.Completed, $"{result.Stop}: {result.StopMessage}");
        // The QA instance keeps the MCS- items: every even number of 1..1234.
        Assert.Equal(617, result.Records);
        var listed = result.Pages.SelectMany(p => p.ListedRecords ?? []).Select(r => r!.AsObject()).ToList();
        Assert.Equal(Enumerable.Range(1, 617).Select(n => $"MCS-{2 * n:D5}"), listed.Select(r => r["ItemCode"]!.GetValue<string>()));
        Assert.All(result.Pages.Where(p => p.Records is not null), p => Assert.Equal(p.Records, p.ListedRecords!.Count));
        var withAddress = listed.Single(r => r["ItemCode"]!.GetValue<string>() == "MCS-00114");
        Assert.Equal("Item 114, returns to:\nUnit 4, \"Leeds Dock\"\nLeeds LS10 1PZ", withAddress["Description"]!.GetValue<string>());
        Assert.Equal(["ItemCode", "Name", "Barcode", "Description", "Weight"], withAddress.Select(f => f.Key));

        // The saved run carries them as the page's listedRecords, beside the count.
        using var saved = JsonDocument.Parse(RunResultJson.Write(result));
        var page = saved.RootElement.GetProperty("run").GetProperty("pages")[0];
        Assert.Equal(page.GetProperty("records").GetInt32(), page.GetProperty("listedRecords").GetArrayLength());
        Assert.Equal("MCS-00002", page.GetProperty("listedRecords")[0].GetProperty("ItemCode").GetString());
    }
}
