using System.CommandLine;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Patchworks.Core.Running.Data;
using Patchworks.Core.Running.Results;
using Patchworks.Core.Schema.Inference;

namespace Patchworks.Cli.Commands;

/// <summary>
/// patchworks schema infer &lt;records.json|run.json|-&gt;: a JSON Schema learned from records: a JSON array of
/// records, a run saved by <c>patchworks run --out</c> (its pages' records), or any JSON document with
/// <c>--data-path</c> (without it, the records are found as the importers find them).
/// </summary>
public static class SchemaCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create(TextWriter output, TextWriter error)
    {
        var source = new Argument<string>("source")
        {
            Description = "A JSON array of records, a run saved by patchworks run --out, or any JSON document (with --data-path); - for standard input.",
        };
        var dataPath = new Option<string?>("--data-path")
        {
            Description = "Where the records are in the document (or in each saved page's JSON body): names separated by dots, such as data or result.items. Default: the root array, else the array of records found by name (data, items, orders...).",
        };
        var outFile = new Option<string?>("--out", "-o") { Description = "Write the schema to this file instead of standard output." };
        var enumMax = new Option<int>("--enum-max")
        {
            Description = "A string field becomes an enum with at most this many distinct values. 0: no enums. Default: 10.",
            DefaultValueFactory = _ => InferenceOptions.Default.EnumMaxValues,
        };
        var enumMin = new Option<int>("--enum-min")
        {
            Description = "...seen in at least this many values. Default: 10.",
            DefaultValueFactory = _ => InferenceOptions.Default.EnumMinValues,
        };
        var infer = new Command("infer", "Infer a JSON Schema (draft 2020-12) from records: types, required, nullable, formats, small enums.")
        {
            source, dataPath, outFile, enumMax, enumMin,
        };
        infer.SetAction(parseResult => Infer(
            parseResult.GetValue(source)!,
            parseResult.GetValue(dataPath),
            parseResult.GetValue(outFile),
            new InferenceOptions { EnumMaxValues = parseResult.GetValue(enumMax), EnumMinValues = parseResult.GetValue(enumMin) },
            output,
            error));
        return new Command("schema", "JSON Schemas of endpoint records.") { infer };
    }

    private static int Infer(string source, string? dataPath, string? outFile, InferenceOptions options, TextWriter output, TextWriter error)
    {
        if (options.EnumMaxValues < 0 || options.EnumMinValues < 1)
        {
            throw new CliException("--enum-max must be 0 or more and --enum-min 1 or more");
        }
        if (dataPath is not null && ResponseData.PathProblem(dataPath) is { } problem)
        {
            throw new CliException($"--data-path {dataPath}: {problem}");
        }
        if (outFile is not null && Directory.Exists(outFile))
        {
            throw new CliException($"--out: {outFile} is a folder, not a file");
        }
        var name = source == "-" ? "standard input" : source;
        var (text, refusal) = source == "-" ? InputFiles.ReadStandardInput() : InputFiles.ReadFile(source, "source");
        if (refusal is not null)
        {
            error.WriteLine($"patchworks: {refusal}");
            return CliApp.ProblemsFound;
        }
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text!, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            var message = e.Message.IndexOf(" LineNumber:", StringComparison.Ordinal) is > 0 and var cut ? e.Message[..cut] : e.Message;
            error.WriteLine($"patchworks: {name}:{(e.LineNumber ?? 0) + 1}:{(e.BytePositionInLine ?? 0) + 1}: not valid JSON: {message.Trim()}");
            return CliApp.ProblemsFound;
        }

        var notes = new List<string>();
        List<JsonNode?> records;
        if (RunRecords.IsSavedRun(root))
        {
            records = SavedRunRecords(root, dataPath, notes);
        }
        else if (dataPath is not null)
        {
            switch (ResponseData.Select(root, dataPath))
            {
                case JsonArray array:
                    records = [.. array];
                    break;
                case JsonObject one:
                    records = [one];
                    notes.Add($"{dataPath} is one object: it is the one record");
                    break;
                default:
                    error.WriteLine($"patchworks: {name}: the data path {dataPath} names no array or object in the document");
                    return CliApp.ProblemsFound;
            }
        }
        else
        {
            var located = RecordLocator.Find(root);
            records = [.. located.Records];
            if (located.DataPath.Length > 0 || !located.IsList)
            {
                notes.Add($"records: {located.Reason}{(located.DataPath.Length > 0 ? $" (--data-path {located.DataPath})" : "")}");
            }
        }
        if (records.Count == 0)
        {
            foreach (var note in notes)
            {
                error.WriteLine($"  {note}");
            }
            error.WriteLine($"patchworks: {name}: no records to infer a schema from");
            return CliApp.ProblemsFound;
        }

        var result = SchemaInferrer.Infer(records, options);
        var schemaText = result.Schema.ToJsonString(Indented) + "\n";
        if (outFile is null)
        {
            output.Write(schemaText);
        }
        else
        {
            try
            {
                if (Path.GetDirectoryName(Path.GetFullPath(outFile)) is { } folder)
                {
                    Directory.CreateDirectory(folder);
                }
                File.WriteAllText(outFile, schemaText, new UTF8Encoding(false));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliException($"--out: {outFile} cannot be written: {e.Message}");
            }
        }
        foreach (var note in notes.Concat(result.Limits))
        {
            error.WriteLine($"  {note}");
        }
        error.WriteLine($"Inferred a schema from {result.Records} record{(result.Records == 1 ? "" : "s")}{(outFile is null ? "" : "; wrote " + outFile)}.");
        return CliApp.Success;
    }

    /// <summary>
    /// The records of a saved run, read by <see cref="RunRecords"/> as compare reads them: a page's listedRecords
    /// (XML and CSV pages), else its JSON body at the data path (given, else the run's own), or where neither names
    /// one, found per page as the importers find it. Pages with no records are named in a note.
    /// </summary>
    private static List<JsonNode?> SavedRunRecords(JsonNode? root, string? dataPath, List<string> notes)
    {
        var run = RunRecords.Of(root, dataPath, body =>
        {
            var located = RecordLocator.Find(body);
            return (located.Records, located.DataPath.Length > 0 ? $"records at {located.DataPath} ({located.Reason}): use --data-path to choose" : located.Reason);
        });
        notes.Add($"{run.PageCount} saved page{(run.PageCount == 1 ? "" : "s")} read");
        notes.AddRange(run.Located);
        if (run.Skipped.Count > 0)
        {
            notes.Add($"page{(run.Skipped.Count == 1 ? "" : "s")} {string.Join(", ", run.Skipped)}: no JSON body{(run.DataPath is null ? "" : $" with {run.DataPath}")} and no listed records (a text body, a failed request, or a body saved to a file): skipped");
        }
        return [.. run.Records];
    }
}
