using System.Text.Json.Nodes;
using nietras.SeparatedValues;

namespace Patchworks.Core.Running.Data;

/// <summary>
/// CSV text as records (RFC 4180): the first row is the header, every later row a record keyed by it. Quoted
/// fields keep their commas, doubled quotes and line breaks (an address over three lines is one record); CRLF and
/// LF both end rows; a byte order mark, surrounding blank lines and blank rows are left out. A row longer than the
/// header names its extra cells "column N"; a shorter one has only the cells it holds.
/// </summary>
/// <remarks>
/// Sep rather than CsvHelper (both maintained; Sep is MIT, CsvHelper MS-PL or Apache): Sep reads RFC 4180 with the
/// separator given (it never guesses one here), has no dependencies, and its rows are spans, so a page costs only the
/// strings that become fields. Ragged rows are allowed (<c>DisableColCountCheck</c>): an API's export may have them,
/// and a record is still a record. CsvHelper 34 is a rewrite of its API, which we would learn for no gain.
/// </remarks>
public static class CsvRecords
{
    private static readonly SepReaderOptions Options = Sep.New(',').Reader() with
    {
        HasHeader = false,
        Unescape = true,
        DisableColCountCheck = true,
    };

    public static JsonArray Parse(string text)
    {
        var records = new JsonArray();
        var trimmed = text.TrimStart('\uFEFF').Trim();
        if (trimmed.Length == 0)
        {
            return records;
        }
        using var reader = Options.FromText(trimmed);
        string[]? header = null;
        foreach (var row in reader)
        {
            if (row.ColCount == 1 && row.Span.IsWhiteSpace())
            {
                continue; // a blank line between records
            }
            if (header is null)
            {
                header = new string[row.ColCount];
                for (var i = 0; i < row.ColCount; i++)
                {
                    header[i] = row[i].ToString();
                }
                continue;
            }
            var record = new JsonObject();
            for (var i = 0; i < row.ColCount; i++)
            {
                var name = i < header.Length && header[i].Length > 0 ? header[i] : $"column {i + 1}";
                record[name] = row[i].ToString();
            }
            records.Add(record);
        }
        return records;
    }
}
