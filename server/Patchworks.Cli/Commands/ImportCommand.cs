using System.CommandLine;
using System.Text;
using Patchworks.Core.Importing;

namespace Patchworks.Cli.Commands;

/// <summary>
/// patchworks import &lt;file|-&gt;: a Postman collection or cURL command lines become a connector and a test
/// instance (or are merged into the connector already in --into). Reads only the files named on the command line.
/// </summary>
public static class ImportCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var source = new Argument<string>("source")
        {
            Description = "The file to import (a Postman collection v2.0/v2.1, an OpenAPI 3.0/3.1 or Swagger 2.0 document in JSON or YAML, a HAR 1.2 file, or a file of curl command lines), or - for standard input.",
        };
        var into = new Option<string?>("--into")
        {
            Description = "The folder to write to (created when missing). When it already holds the connector, new endpoints, auth methods and variables are added to it. Default: the current folder.",
        };
        var name = new Option<string?>("--name")
        {
            Description = "The connector's name (and file name) instead of the source's.",
        };
        var format = new Option<string>("--format")
        {
            Description = "The source's format. Default: auto (a Postman collection by its info.schema, OpenAPI/Swagger by an openapi: or swagger: key, HAR by log.version and log.entries, curl by a leading curl).",
            DefaultValueFactory = _ => "auto",
        };
        format.AcceptOnlyFromAmong(["auto", .. ImportFormats.Names]);
        var environment = new Option<string?>("--environment")
        {
            Description = "A Postman environment file: its values fill the test instance (secrets become env: references).",
        };
        var only = new Option<string?>("--only")
        {
            Description = "Import only the requests whose \"Folder/Name\" (or name) matches this glob (* and ?).",
        };
        var reportFormat = new Option<string>("--report-format")
        {
            Description = "How the report is printed: text or json.",
            DefaultValueFactory = _ => "text",
        };
        reportFormat.AcceptOnlyFromAmong("text", "json");

        var command = new Command("import", "Create a connector from a Postman collection, an OpenAPI/Swagger document, a HAR file or curl commands, or add their requests to an existing one.")
        {
            source, into, name, format, environment, only, reportFormat,
        };
        command.SetAction(parseResult => Run(
            parseResult.GetValue(source)!,
            parseResult.GetValue(into),
            parseResult.GetValue(name),
            parseResult.GetValue(format) ?? "auto",
            parseResult.GetValue(environment),
            parseResult.GetValue(only),
            parseResult.GetValue(reportFormat) ?? "text",
            output,
            error));
        return command;
    }

    private static int Run(string source, string? into, string? name, string format, string? environmentPath, string? only, string reportFormat, TextWriter output, TextWriter error)
    {
        if (name is not null && name.Trim().Length == 0)
        {
            throw new CliException("--name must not be empty");
        }
        var (text, refusal) = source == "-" ? InputFiles.ReadStandardInput() : InputFiles.ReadFile(source, "source");
        if (refusal is not null)
        {
            error.WriteLine($"patchworks: {refusal}");
            return CliApp.ProblemsFound;
        }
        string? environmentText = null;
        if (environmentPath is not null)
        {
            (environmentText, refusal) = InputFiles.ReadFile(environmentPath, "--environment");
            if (refusal is not null)
            {
                error.WriteLine($"patchworks: {refusal}");
                return CliApp.ProblemsFound;
            }
        }

        var folder = Path.GetFullPath(into ?? ".");
        if (File.Exists(folder))
        {
            throw new CliException($"--into: {into} is a file, not a folder");
        }
        var existing = ExistingConnector(folder, name, text!, format, environmentText, only);
        var input = new ImportInput
        {
            Text = text!,
            Format = format,
            EnvironmentText = environmentText,
            Name = name,
            Only = only,
            Existing = existing?.Connector,
            ExistingNote = existing?.Note,
            InstanceExists = file => File.Exists(Path.Combine(folder, file)),
            // A second test instance beside the connector's own would break the one-test-instance rule (PW5008).
            SkipInstanceReason = existing is not null && Directory.GetFiles(folder, "*.instance.json").Length > 0
                ? "no test instance written: the folder has instances already; give them values for the new variables"
                : null,
        };
        var result = ApiImport.Run(input);

        var written = new List<string>();
        if (result.Succeeded)
        {
            Directory.CreateDirectory(folder);
            if (result.ConnectorChanged && result.ConnectorText is not null)
            {
                File.WriteAllText(Path.Combine(folder, result.ConnectorFileName!), result.ConnectorText, new UTF8Encoding(false));
                written.Add(Path.Combine(into ?? ".", result.ConnectorFileName!));
            }
            if (result.InstanceText is not null)
            {
                File.WriteAllText(Path.Combine(folder, result.InstanceFileName!), result.InstanceText, new UTF8Encoding(false));
                written.Add(Path.Combine(into ?? ".", result.InstanceFileName!));
            }
            // Record schemas (schemas/x.json): written when not there yet, inside the folder, never through a link.
            foreach (var file in ImportedFileWriter.Write(folder, result.Files))
            {
                switch (file.Status)
                {
                    case ImportedFileStatus.Written:
                        written.Add(Path.Combine(into ?? ".", file.RelativePath));
                        break;
                    case ImportedFileStatus.Differs:
                        error.WriteLine($"patchworks: {file.RelativePath} is already there and differs from the imported schema: left as it is");
                        break;
                    case ImportedFileStatus.Outside or ImportedFileStatus.Link or ImportedFileStatus.Failed:
                        error.WriteLine($"patchworks: {file.Reason}: not written");
                        break;
                }
            }
        }

        if (reportFormat == "json")
        {
            output.WriteLine(result.Report.ToJson(new Dictionary<string, object?>
            {
                ["format"] = result.Format,
                ["succeeded"] = result.Succeeded,
                ["requests"] = result.RequestCount,
                ["endpoints"] = result.EndpointCount,
                ["duplicates"] = result.DuplicateCount,
                ["written"] = written,
                ["secrets"] = result.Secrets.Select(s => new Dictionary<string, string> { ["variable"] = s.Key, ["environmentVariable"] = s.EnvironmentVariable }).ToList(),
            }));
        }
        else
        {
            output.Write(result.Report.ToText());
        }
        if (!result.Succeeded)
        {
            var failure = result.Report.Of(ReportKind.Error).FirstOrDefault();
            error.WriteLine($"patchworks: import failed{(failure is null ? "" : ": " + (failure.Location.Length > 0 ? failure.Location + ": " : "") + failure.Message)}");
            return CliApp.ProblemsFound;
        }
        error.WriteLine(written.Count == 0
            ? $"Imported {result.EndpointCount} of {result.RequestCount} requests: nothing new, no file changed."
            : $"Imported {result.EndpointCount} of {result.RequestCount} requests; wrote {string.Join(" and ", written)}.");
        foreach (var (key, variable) in result.Secrets)
        {
            error.WriteLine($"  set {variable} (the secret {key}) before running the test instance");
        }
        return CliApp.Success;
    }

    /// <summary>The connector to merge into: the folder's file of the import's name, else its only connector file (a guess, reported).</summary>
    private static ((string FileName, string Text) Connector, string? Note)? ExistingConnector(string folder, string? name, string text, string format, string? environmentText, string? only)
    {
        if (!Directory.Exists(folder))
        {
            return null;
        }
        // A dry run tells the file name the import would write.
        var probe = ApiImport.Run(new ImportInput { Text = text, Format = format, EnvironmentText = environmentText, Name = name, Only = only });
        string file;
        string? note = null;
        if (probe.ConnectorFileName is { } own && File.Exists(Path.Combine(folder, own)))
        {
            file = own;
        }
        else if (Directory.GetFiles(folder, "*.connector.json") is [var only1])
        {
            file = Path.GetFileName(only1);
            note = $"merged into {file}, the folder's only connector (this import's own would be {probe.ConnectorFileName ?? "another file"}); use another --into folder for a connector of its own";
        }
        else
        {
            return null;
        }
        var (existing, refusal) = InputFiles.ReadFile(Path.Combine(folder, file), "the existing connector");
        if (refusal is not null)
        {
            throw new CliException(refusal);
        }
        return ((file, existing!), note);
    }
}
