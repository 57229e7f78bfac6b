using System.Text.Json.Nodes;
using Patchworks.Core.Running.Data;
using Xunit;

namespace Patchworks.Runner.Tests.Data;

/// <summary>CSV pages (RFC 4180) as the runner counts and lists them: one record per row, however its fields are written.</summary>
public sealed class CsvRecordsTests
{
    private static List<Dictionary<string, string?>> Rows(JsonArray records) =>
        [.. records.Select(r => r!.AsObject().ToDictionary(p => p.Key, p => p.Value?.GetValue<string>()))];

    [Fact]
    public void Quoted_fields_keep_their_commas_quotes_and_line_breaks()
    {
        var csv = "Code,Address,Note\n" +
                  "A1,\"Unit 4, Leeds Dock\nLeeds\nLS10 1PZ\",plain\n" +
                  "A2,\"He said \"\"fragile\"\"\",\"\"\n" +
                  "A3,\"multi\r\nline, CRLF\",last\n";
        var rows = Rows(CsvRecords.Parse(csv));
        Assert.Equal(3, rows.Count);
        Assert.Equal("Unit 4, Leeds Dock\nLeeds\nLS10 1PZ", rows[0]["Address"]);
        Assert.Equal("plain", rows[0]["Note"]);
        Assert.Equal("He said \"fragile\"", rows[1]["Address"]);
        Assert.Equal("", rows[1]["Note"]);
        Assert.Equal("multi\r\nline, CRLF", rows[2]["Address"]);
    }

    [Fact]
    public void CRLF_rows_a_byte_order_mark_and_blank_lines_are_read_as_the_same_records()
    {
        var lf = Rows(CsvRecords.Parse("Id,Name\n1,One\n2,Two\n"));
        var crlf = Rows(CsvRecords.Parse("\uFEFFId,Name\r\n1,One\r\n\r\n2,Two\r\n\r\n"));
        Assert.Equal(2, lf.Count);
        Assert.Equal(lf, crlf);
        Assert.Equal(["Id", "Name"], crlf[0].Keys);
        Assert.Equal("Two", crlf[1]["Name"]);
    }

    [Fact]
    public void A_header_alone_or_nothing_holds_no_records()
    {
        Assert.Empty(CsvRecords.Parse("Id,Name\n"));
        Assert.Empty(CsvRecords.Parse(""));
        Assert.Empty(CsvRecords.Parse("\n  \n"));
    }

    [Fact]
    public void Ragged_rows_are_kept_cells_past_the_header_are_numbered()
    {
        var rows = Rows(CsvRecords.Parse("Id,Name\n1\n2,Two,extra\n3,\"unterminated"));
        Assert.Equal(3, rows.Count);
        Assert.Equal(["Id"], rows[0].Keys);
        Assert.Equal("extra", rows[1]["column 3"]);
        Assert.Equal("3", rows[2]["Id"]);
    }

    [Fact]
    public void A_CSV_page_in_an_XML_element_counts_a_quoted_address_over_three_lines_as_one_record()
    {
        const string body = """
            <Envelope><Body><GetDataResponse><GetDataResult><ResponseId>0</ResponseId><Detail>ItemCode,Description
            MCS-1,"Item 1, ""test"" data"
            MCS-2,"Returns to:
            Unit 4, Leeds Dock
            LS10 1PZ"
            MCS-3,plain
            </Detail></GetDataResult></GetDataResponse></Body></Envelope>
            """;
        var records = ResponseData.XmlRecords(body, "Detail", out var found)!;
        Assert.True(found);
        Assert.Equal(["MCS-1", "MCS-2", "MCS-3"], Rows(records).Select(r => r["ItemCode"]));
        Assert.Equal("Returns to:\nUnit 4, Leeds Dock\nLS10 1PZ", Rows(records)[1]["Description"]);
    }

    [Fact]
    public void XML_records_are_their_fields_flattened_by_local_names()
    {
        const string body = """
            <s:Envelope xmlns:s="urn:s"><s:Body><list xmlns="urn:l">
              <record id="7"><name>Acme &amp; Sons</name><address><line>1</line><line>2</line></address></record>
              <count>2</count>
            </list></s:Body></s:Envelope>
            """;
        var records = ResponseData.XmlRecords(body, "Body.list", out _)!;
        Assert.Equal("""{"@id":"7","name":"Acme \u0026 Sons","address.line.0":"1","address.line.1":"2"}""", records[0]!.ToJsonString());
        Assert.Equal("2", records[1]!.GetValue<string>());
    }
}
