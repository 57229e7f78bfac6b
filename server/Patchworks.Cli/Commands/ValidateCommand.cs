using System.CommandLine;
using Patchworks.Cli.Output;
using Patchworks.Core.Diagnostics;
using Patchworks.Core.Testing;
using Patchworks.Core.Workspace;

namespace Patchworks.Cli.Commands;

/// <summary>patchworks validate [paths...]: checks connector, instance and connector tests files, as a CI step would.</summary>
public static class ValidateCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Files or folders to check (folders are searched for *.connector.json, *.instance.json and *.tests.json). Default: the current folder.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        // A token like "--bogus" would otherwise be taken for a path and reported as a missing file.
        paths.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (token.Value.StartsWith('-') && !File.Exists(token.Value) && !Directory.Exists(token.Value))
                {
                    result.AddError($"Unrecognized command or argument '{token.Value}'.");
                }
            }
        });
        var format = new Option<string>("--format", "-f")
        {
            Description = "Output format: text (file:line:col: severity CODE: message), json, or sarif (for code scanning in CI).",
            DefaultValueFactory = _ => "text",
        };
        format.AcceptOnlyFromAmong("text", "json", "sarif");
        var warningsAsErrors = new Option<bool>("--warnings-as-errors")
        {
            Description = "Exit with 1 when there are warnings, not only errors.",
        };

        var root = CommandInputs.RootOption();

        var command = new Command("validate", "Check connector, instance and tests files: syntax, schema and every semantic rule.")
        {
            paths, format, warningsAsErrors, root,
        };
        command.SetAction(parseResult => Run(
            parseResult.GetValue(paths) ?? [],
            parseResult.GetValue(format) ?? "text",
            parseResult.GetValue(warningsAsErrors),
            parseResult.GetValue(root),
            output,
            error));
        return command;
    }

    private static int Run(string[] paths, string format, bool warningsAsErrors, string? root, TextWriter output, TextWriter error)
    {
        if (paths.Length == 0)
        {
            paths = ["."];
        }
        var workspace = CommandInputs.Workspace(root);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            if (!File.Exists(path) && !Directory.Exists(path))
            {
                throw new CliException($"no such file or folder: {path}");
            }
            var scan = WorkspaceFiles.Scan(path);
            // A folder's tests files as patchworks test finds them (not under recordings/); a file is taken as given.
            List<string> files = [.. scan.Files, .. Directory.Exists(path) ? TestsFiles.Find(path) : []];
            foreach (var skipped in scan.Skipped)
            {
                workspace.ReportSkipped(skipped);
            }
            if (files.Count == 0 && scan.Skipped.Count == 0)
            {
                error.WriteLine($"patchworks: warning: no *.connector.json, *.instance.json or *.tests.json files under {path}");
            }
            // Overlapping paths ("mirakl" and "mirakl/mirakl.connector.json") name some files twice: check them once.
            foreach (var file in files.Where(seen.Add))
            {
                if (TestsFiles.IsTestsFile(file))
                {
                    workspace.AddTests(file);
                }
                else
                {
                    workspace.Add(file);
                }
            }
        }
        foreach (var unknown in workspace.Unrecognised)
        {
            error.WriteLine($"patchworks: warning: {DisplayPath.Of(unknown)} is neither a connector nor an instance file and was not checked (name it *.connector.json, *.instance.json or *.tests.json, or set \"$schema\")");
        }
        var checkedCount = seen.Count - workspace.Unrecognised.Count;
        if (checkedCount == 0)
        {
            throw new CliException("nothing to check: no connector, instance or tests files were found");
        }

        workspace.PublishingRequirements = true; // PW60xx: what publishing will need, as warnings
        var diagnostics = workspace.Analyze();
        IDiagnosticWriter writer = format switch
        {
            "json" => new JsonDiagnosticWriter(),
            "sarif" => new SarifDiagnosticWriter(),
            _ => new TextDiagnosticWriter(),
        };
        writer.Write(diagnostics, output);

        var errors = diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
        var warnings = diagnostics.Count(d => d.Severity == DiagnosticSeverity.Warning);
        error.WriteLine($"Checked {checkedCount} file{(checkedCount == 1 ? "" : "s")}: {errors} error{(errors == 1 ? "" : "s")}, {warnings} warning{(warnings == 1 ? "" : "s")}.");
        return errors > 0 || warningsAsErrors && warnings > 0 ? CliApp.ProblemsFound : CliApp.Success;
    }
}
