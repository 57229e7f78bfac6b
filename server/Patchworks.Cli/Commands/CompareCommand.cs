using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Patchworks.Core.Running.Results;

namespace Patchworks.Cli.Commands;

/// <summary>
/// patchworks compare: two saved runs of an endpoint (patchworks run --out, or Save Run in the editor) side by side:
/// records added, removed and changed, fields whose type changed, timing and pages. Exit 0 the records and their
/// fields are the same, 1 they differ, 2 bad usage or a file that is not a saved run.
/// </summary>
public static class CompareCommand
{
    /// <summary>A saved run larger than this is refused rather than read into memory.</summary>
    public const long MaxFileBytes = 512L * 1024 * 1024;

    public static Command Create(TextWriter output, TextWriter error)
    {
        var previous = new Argument<string>("previous") { Description = "The earlier saved run (JSON)." };
        var current = new Argument<string>("current") { Description = "The later saved run (JSON)." };
        var dataPath = new Option<string?>("--data-path") { Description = "Where a JSON page's records are; default: the data path each run recorded." };
        var format = new Option<string>("--format", "-f") { Description = "Output: text or json.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var command = new Command("compare", "Compare two saved runs of an endpoint: records added, removed and changed, fields whose type changed, timing and pages (exit 1 when they differ).")
        {
            previous, current, dataPath, format,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(dataPath);
            var before = Read(parse.GetValue(previous)!, path);
            var after = Read(parse.GetValue(current)!, path);
            var comparison = RunComparison.Compare(before, after);
            var text = parse.GetValue(format) == "json"
                ? JsonSerializer.Serialize(comparison, RunResultJson.Options) + "\n"
                : ToText(comparison);
            await output.WriteAsync(text).ConfigureAwait(false);
            return comparison.Same ? CliApp.Success : CliApp.ProblemsFound;
        });
        return command;
    }

    private static RunRecords Read(string path, string? dataPath)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new CliException($"{path}: no such file");
        }
        if (file.Length > MaxFileBytes)
        {
            throw new CliException($"{path}: larger than {MaxFileBytes / (1024 * 1024)} MB; not read");
        }
        try
        {
            return RunRecords.Read(File.ReadAllText(path), dataPath);
        }
        catch (FormatException e)
        {
            throw new CliException($"{path}: {e.Message}");
        }
        catch (IOException e)
        {
            throw new CliException($"{path}: {e.Message}");
        }
    }

    public static string ToText(RunComparison c)
    {
        var text = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        text.AppendLine(culture, $"{"",-10} {"previous",12} {"current",12}");
        void Row(string name, string a, string b) => text.AppendLine(culture, $"{name,-10} {a,12} {b,12}");
        Row("records", c.Previous.Records.ToString(culture), c.Current.Records.ToString(culture));
        Row("pages", c.Previous.Pages.ToString(culture), c.Current.Pages.ToString(culture));
        Row("requests", c.Previous.Requests.ToString(culture), c.Current.Requests.ToString(culture));
        Row("time", $"{c.Previous.DurationMs.ToString("0", culture)} ms", $"{c.Current.DurationMs.ToString("0", culture)} ms");
        Row("stop", c.Previous.Stop ?? "?", c.Current.Stop ?? "?");
        text.AppendLine();
        text.AppendLine(culture, $"Records matched by {(c.Key is null ? "their whole content (no id field common to both runs)" : $"\"{c.Key}\"")}: " +
            $"{c.Added} added, {c.Removed} removed{(c.Key is null ? "" : $", {c.Changed} changed")}, {c.Unchanged} the same.");
        foreach (var id in c.ChangedKeys)
        {
            text.AppendLine(culture, $"  ~ {c.Key} {id}");
        }
        foreach (var record in c.AddedSample)
        {
            text.AppendLine(culture, $"  + {Short(record)}");
        }
        foreach (var record in c.RemovedSample)
        {
            text.AppendLine(culture, $"  - {Short(record)}");
        }
        if (c.Fields.Count > 0)
        {
            text.AppendLine("Fields:");
            foreach (var field in c.Fields)
            {
                text.AppendLine(field.Change switch
                {
                    "added" => $"  + {field.Path} ({string.Join(" | ", field.After)})",
                    "removed" => $"  - {field.Path} (was {string.Join(" | ", field.Before)})",
                    _ => $"  ~ {field.Path}: {string.Join(" | ", field.Before)} → {string.Join(" | ", field.After)}",
                });
            }
        }
        foreach (var gap in c.Gaps)
        {
            text.AppendLine(culture, $"Not compared: {gap}.");
        }
        text.AppendLine(c.Same ? "The runs' records are the same." : "The runs differ.");
        return text.ToString();
    }

    private static string Short(System.Text.Json.Nodes.JsonNode? record)
    {
        var json = record?.ToJsonString() ?? "null";
        return json.Length <= 120 ? json : json[..117] + "...";
    }
}
