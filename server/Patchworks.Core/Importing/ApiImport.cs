namespace Patchworks.Core.Importing;

/// <summary>What to import: the source text and everything the caller has already read for it. No file is read here.</summary>
public sealed class ImportInput
{
    public required string Text { get; init; }

    /// <summary>auto, or a format name (postman, curl).</summary>
    public string Format { get; init; } = "auto";

    /// <summary>A Postman environment file's text.</summary>
    public string? EnvironmentText { get; init; }

    public string? Name { get; init; }

    public string? Only { get; init; }

    /// <summary>The connector file to merge into, when the target folder has one: its name and text.</summary>
    public (string FileName, string Text)? Existing { get; init; }

    /// <summary>Why <see cref="Existing"/> was chosen, when it is a guess (the folder's only connector): reported.</summary>
    public string? ExistingNote { get; init; }

    /// <summary>Set when no test instance should be written (the folder has instances of the connector already): the reason, reported.</summary>
    public string? SkipInstanceReason { get; init; }

    /// <summary>Whether a file of the test instance's name is already in the target folder (it is then left alone).</summary>
    public Func<string, bool> InstanceExists { get; init; } = _ => false;

    /// <summary>
    /// Called with what the source describes, after it is read and before the connector is built: the editor's
    /// preview lists the requests and auth schemes from it, and its "only these" choice removes some (by location).
    /// </summary>
    public Action<ApiDescription, ImportReport>? Select { get; init; }

    /// <summary>The ids of guesses the user rejected (<see cref="ReportEntry.Id"/>): what they produced is left out.</summary>
    public IReadOnlyCollection<string> RejectedGuesses { get; init; } = [];

    /// <summary>Where new endpoints go when merging: an offset in <see cref="Existing"/>'s text (the editor's cursor); null, or outside the endpoints: at the end.</summary>
    public int? EndpointsAt { get; init; }
}

/// <summary>The outcome: the texts to write (null: leave the file alone), the report, and counts.</summary>
public sealed class ImportResult
{
    public required ImportReport Report { get; init; }

    public string? Format { get; set; }

    public string? ConnectorFileName { get; set; }

    public string? ConnectorText { get; set; }

    /// <summary>When merging: the edits of the existing connector's text that make <see cref="ConnectorText"/> (an editor applies them as one undoable change).</summary>
    public IReadOnlyList<Editing.TextEdit> ConnectorEdits { get; set; } = [];

    /// <summary>Whether <see cref="ConnectorText"/> differs from the existing connector (always true for a new one).</summary>
    public bool ConnectorChanged { get; set; }

    public string? InstanceFileName { get; set; }

    public string? InstanceText { get; set; }

    public int RequestCount { get; set; }

    /// <summary>Files the connector references (record schemas under schemas/), by path relative to the connector's folder.
    /// The caller writes each one that is not there yet; one already there is left as it is.</summary>
    public IReadOnlyList<(string Path, string Text)> Files { get; set; } = [];

    public int EndpointCount { get; set; }

    public int DuplicateCount { get; set; }

    /// <summary>Secret variables and the environment variables the test instance reads them from.</summary>
    public IReadOnlyList<(string Key, string EnvironmentVariable)> Secrets { get; set; } = [];

    /// <summary>Something was imported (at least one endpoint, or a merge that found everything already there).</summary>
    public bool Succeeded { get; set; }
}

/// <summary>
/// The import pipeline: detect the format, read the source into the intermediate model, apply the environment,
/// build the connector and the test instance, write them as JSONC or merge them into an existing connector.
/// Malformed input never throws: it ends as an error in the report, with its location.
/// </summary>
public static class ApiImport
{
    /// <summary>The largest source accepted, as Patchworks' own Postman import: 50 MB.</summary>
    public const long MaxInputBytes = 50L * 1024 * 1024;

    public static ImportResult Run(ImportInput input)
    {
        var report = new ImportReport();
        var result = new ImportResult { Report = report };
        try
        {
            Run(input, result, report);
        }
        catch (ImportFailedException e)
        {
            report.Error(e.Location, e.Message);
            result.Succeeded = false;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or KeyNotFoundException or IndexOutOfRangeException or NullReferenceException or InvalidCastException or OverflowException or System.Text.Json.JsonException or System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            // A bug of ours on some input: reported, never a crash.
            report.Error("", $"the import failed: {e.GetType().Name}: {e.Message}");
            result.Succeeded = false;
        }
        if (!result.Succeeded)
        {
            result.ConnectorText = null;
            result.InstanceText = null;
            result.ConnectorEdits = [];
            result.Files = [];
        }
        return result;
    }

    private static void Run(ImportInput input, ImportResult result, ImportReport report)
    {
        if (input.Text.Length > MaxInputBytes)
        {
            throw new ImportFailedException("", $"the input is larger than {MaxInputBytes / (1024 * 1024)} MB");
        }
        if (input.Text.Trim().Length == 0)
        {
            throw new ImportFailedException("line 1, column 1", "the input is empty");
        }
        IApiImporter importer;
        if (input.Format is "auto" or "")
        {
            importer = ImportFormats.Detect(input.Text)
                ?? throw new ImportFailedException("line 1, column 1", $"the format is not recognised: a Postman collection (with info.schema), an OpenAPI or Swagger document (openapi: or swagger:), a HAR file (log.version and log.entries) or curl command lines; or name it with --format ({string.Join(", ", ImportFormats.Names)})");
            report.Mapped("", $"format: {importer.Format} (detected)");
        }
        else
        {
            importer = ImportFormats.Find(input.Format) ?? throw new ImportFailedException("", $"unknown format {input.Format}");
        }
        result.Format = importer.Format;

        var api = importer.Read(input.Text, report);
        input.Select?.Invoke(api, report);
        var environment = input.EnvironmentText is { } environmentText ? Postman.PostmanEnvironment.Read(environmentText, report) : [];
        var existingVariables = input.Existing is { } target ? ConnectorMerger.VariableKeys(target.Text) : new HashSet<string>(StringComparer.Ordinal);
        var built = new ConnectorBuilder(report).Build(api, new ImportOptions { Name = input.Name, Only = input.Only, Environment = environment, ExistingVariables = existingVariables });
        GuessOutputs.Attach(api, built, report);
        GuessOutputs.Reject(input.RejectedGuesses, built, report);
        result.RequestCount = built.RequestCount;
        result.DuplicateCount = built.DuplicateCount;
        result.EndpointCount = built.Endpoints.Count;
        result.Secrets = built.Secrets;
        result.Files = built.Files;
        if (built.Endpoints.Count == 0)
        {
            throw new ImportFailedException("", api.Requests.Count == 0 ? "nothing to import: the source holds no request" : "nothing to import: no request could become an endpoint (see the dropped entries)");
        }

        if (input.Existing is { } existing)
        {
            if (input.ExistingNote is { } note)
            {
                report.Guessed(existing.FileName, note);
            }
            result.ConnectorFileName = existing.FileName;
            result.ConnectorEdits = ConnectorMerger.Edits(existing.Text, built, report, existing.FileName, input.EndpointsAt);
            result.ConnectorText = result.ConnectorEdits.Count == 0 ? existing.Text : Editing.TextEdit.Apply(existing.Text, result.ConnectorEdits);
            result.ConnectorChanged = !string.Equals(result.ConnectorText, existing.Text, StringComparison.Ordinal);
            var stem = existing.FileName.EndsWith(".connector.json", StringComparison.OrdinalIgnoreCase) ? existing.FileName[..^".connector.json".Length] : built.Slug;
            result.InstanceFileName = stem + ".test.instance.json";
            built.Instance["connector"] = existing.FileName;
        }
        else
        {
            result.ConnectorFileName = built.ConnectorFileName;
            result.ConnectorText = built.Writer.Write(built.Connector);
            result.ConnectorChanged = true;
            result.InstanceFileName = built.InstanceFileName;
        }
        if (input.InstanceExists(result.InstanceFileName))
        {
            report.Mapped(result.InstanceFileName, "the test instance is already there; left as it is");
        }
        else if (input.SkipInstanceReason is { } reason)
        {
            report.Mapped(result.InstanceFileName, reason);
        }
        else
        {
            result.InstanceText = new JsoncWriter().Write(built.Instance);
        }
        result.Succeeded = true;
    }
}
