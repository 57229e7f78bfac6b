using System.CommandLine;
using Patchworks.Cli.Output;
using Patchworks.Core.Diagnostics;
using Patchworks.Core.Importing;
using Patchworks.Core.Model;
using Patchworks.Core.Running;
using Patchworks.Core.Http;
using Patchworks.Core.Testing;
using Patchworks.Core.Testing.Recordings;
using Patchworks.Core.Workspace;

namespace Patchworks.Cli.Commands;

/// <summary>
/// patchworks test [paths...]: runs the cases of connector tests files (name.tests.json) through the real runner and
/// reports which expectations failed, where they are written. Exit 0 all passed, 1 any failed, 2 nothing could run
/// (bad usage, no tests, a tests file with errors).
/// </summary>
public static class TestCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Tests files, or folders searched for *.tests.json. Default: the current folder.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        paths.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(t => t.Value.StartsWith('-') && !File.Exists(t.Value) && !Directory.Exists(t.Value)))
            {
                result.AddError($"Unrecognized command or argument '{token.Value}'.");
            }
        });
        var instance = new Option<string?>("--instance", "-i") { Description = "An instance file every case uses instead of its own." };
        var reporter = new Option<string>("--reporter", "-r") { Description = "Report: text (a summary table and each failure), junit (JUnit XML for CI), json, or sarif.", DefaultValueFactory = _ => "text" };
        reporter.AcceptOnlyFromAmong([.. TestReporters.Names]);
        var outFile = new Option<string?>("--out", "-o") { Description = "Write the report to this file (the text summary still goes to stdout)." };
        var filter = new Option<string?>("--filter") { Description = "Run only the cases whose connector/endpoint/case matches this pattern (* any text, ? one character; case-insensitive)." };
        var variables = new Option<string[]>("--var") { Description = "A value for every case, as key=value (repeatable); it wins over the case's and the instance's.", AllowMultipleArgumentsPerToken = false };
        var timeout = new Option<double>("--timeout") { Description = "Seconds to wait for each response. Default: 30.", DefaultValueFactory = _ => 30 };
        var maxBody = new Option<int>("--max-body-mb") { Description = "The most of one response body the runner reads, in MB. Default: 256.", DefaultValueFactory = _ => 256 };
        var connectTo = new Option<string[]>("--connect-to") { Description = "HOST:PORT:TARGET_HOST:TARGET_PORT, as curl's: connect there instead, keeping the URL and TLS name (repeatable; * matches any).", AllowMultipleArgumentsPerToken = false };
        var caCert = new Option<string[]>("--ca-cert") { Description = "A PEM file of root certificates to trust besides the system's (repeatable).", AllowMultipleArgumentsPerToken = false };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress on stderr." };
        var record = new Option<bool>("--record") { Description = "Run live and save every exchange of each case to recordings/<endpoint>/<case>.json beside the connector, secrets replaced by stand-ins." };
        var replay = new Option<bool>("--replay") { Description = "Answer every request from the case's recording: no network, no credentials; an unmatched request or a stale recording fails the case." };
        var root = CommandInputs.RootOption();

        var command = new Command("test", "Run connector tests (*.tests.json) through the real runner and check their expectations. Secrets never appear in a report.")
        {
            paths, instance, reporter, outFile, filter, variables, timeout, maxBody, connectTo, caCert, quiet, record, replay, root,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(record) && result.GetValue(replay))
            {
                result.AddError("--record and --replay exclude each other: record once (live), then replay");
            }
        });
        command.SetAction((parseResult, cancellationToken) => RunAsync(new Request(
            parseResult.GetValue(paths) ?? [],
            parseResult.GetValue(instance),
            parseResult.GetValue(reporter) ?? "text",
            parseResult.GetValue(outFile),
            parseResult.GetValue(filter),
            parseResult.GetValue(variables) ?? [],
            parseResult.GetValue(timeout),
            parseResult.GetValue(maxBody),
            parseResult.GetValue(connectTo) ?? [],
            parseResult.GetValue(caCert) ?? [],
            parseResult.GetValue(quiet),
            parseResult.GetValue(record) ? Mode.Record : parseResult.GetValue(replay) ? Mode.Replay : Mode.Live,
            parseResult.GetValue(root)), output, error, cancellationToken));
        return command;
    }

    private sealed record Request(string[] Paths, string? Instance, string Reporter, string? Out, string? Filter, string[] Variables, double Timeout, int MaxBodyMb,
        string[] ConnectTo, string[] CaCerts, bool Quiet, Mode Mode, string? Root);

    private enum Mode
    {
        Live,
        Record,
        Replay,
    }

    private static async Task<int> RunAsync(Request request, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (request.Timeout <= 0 || request.MaxBodyMb < 1)
        {
            throw new CliException("--timeout and --max-body-mb must be positive");
        }
        var options = new RunOptions
        {
            Values = CommandInputs.ParseVariables(request.Variables),
            Http = new HttpSettings
            {
                Timeout = TimeSpan.FromSeconds(request.Timeout),
                MaxBodyBytes = request.MaxBodyMb * 1024L * 1024,
                ConnectTo = [.. request.ConnectTo.Select(ConnectionOptions.ParseConnectTo)],
                TrustedRoots = ConnectionOptions.LoadRoots(request.CaCerts),
            },
            // Tests run unattended: an authorisation code sign-in fails with advice instead of opening a browser.
            SignIn = null,
        };
        var glob = request.Filter is { } pattern ? Glob.ToRegex(pattern) : null;
        var workspace = CommandInputs.Workspace(request.Root);
        string? instanceOverride = null;
        if (request.Instance is { } instancePath)
        {
            if (!File.Exists(instancePath))
            {
                throw new CliException($"no such instance file: {instancePath}");
            }
            instanceOverride = Path.GetFullPath(instancePath);
        }

        var files = new List<string>();
        foreach (var path in request.Paths.Length == 0 ? ["."] : request.Paths)
        {
            if (!File.Exists(path) && !Directory.Exists(path))
            {
                throw new CliException($"no such file or folder: {path}");
            }
            files.AddRange(TestsFiles.Find(path));
        }
        files = [.. files.Distinct(StringComparer.Ordinal)];
        if (files.Count == 0)
        {
            throw new CliException($"no tests files (*{TestsFile.Suffix}) found in {string.Join(", ", request.Paths.Length == 0 ? ["."] : request.Paths)}");
        }

        // Every file is read and checked before any case runs: a tests file with errors runs nothing.
        var suites = new List<(TestsFile File, ConnectorDocument Connector)>();
        var errors = 0;
        foreach (var path in files)
        {
            var file = Read(path);
            var refused = workspace.TestsConnectorRefusal(file) is not null;
            if (!refused && File.Exists(file.ConnectorFullPath))
            {
                workspace.Add(file.ConnectorFullPath);
            }
            // Its connector and instances only from inside its workspace (PW4008, PW4009): a refused one is never read.
            var diagnostics = workspace.AnalyzeTests(file);
            new TextDiagnosticWriter().Write(diagnostics, error);
            errors += diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
            if (!refused && workspace.GetConnector(file.ConnectorFullPath) is { } connector)
            {
                CommandInputs.WarnAboutErrors(workspace, connector, DisplayPath.Of(connector.FilePath), error);
                suites.Add((file, connector));
            }
        }
        if (errors > 0)
        {
            error.WriteLine($"patchworks: {errors} error{(errors == 1 ? "" : "s")} in tests files; no case was run");
            return CliApp.UsageError;
        }

        bool Include(TestsFile file, TestCase testCase) => glob?.IsMatch(testCase.FullName(file)) ?? true;
        if (!suites.Any(s => s.File.Cases.Any(c => Include(s.File, c))))
        {
            throw new CliException(request.Filter is null ? "the tests files hold no cases" : $"no case matches --filter {request.Filter}");
        }

        Instance? LoadInstance(TestsFile file, string fullPath)
        {
            // The analyzer refused an instance outside the tests file's workspace and nothing ran; this is the last
            // gate before the disk all the same. --instance is the user's own choice on the command line.
            if (fullPath != instanceOverride && workspace.TestsInstanceRefusal(file, fullPath) is not null)
            {
                return null;
            }
            workspace.Add(fullPath);
            return workspace.GetInstance(fullPath)?.Model;
        }

        // The network, the network with every exchange kept, or the recordings alone (Testing/Recordings).
        ICaseTransport transport = request.Mode switch
        {
            Mode.Record => new RecordTransport(),
            Mode.Replay => new ReplayTransport(),
            _ => LiveTransport.Instance,
        };
        var results = new List<CaseResult>();
        foreach (var (file, connector) in suites)
        {
            results.AddRange(await TestSuiteRunner.RunAsync(file, connector, path => LoadInstance(file, path), instanceOverride, options, transport,
                c =>
                {
                    if (!Include(file, c))
                    {
                        return false;
                    }
                    if (!request.Quiet)
                    {
                        error.WriteLine($"patchworks: running {c.FullName(file)}");
                    }
                    return true;
                }, cancellationToken).ConfigureAwait(false));
        }

        if (request.Out is { } outPath)
        {
            using (var writer = new StreamWriter(outPath, append: false))
            {
                TestReporters.Write(request.Reporter, results, DisplayPath.Of, writer);
            }
            if (request.Reporter == "text")
            {
                output.WriteLine(TestReporters.Summary(results));
            }
            else
            {
                TestReporters.WriteText(results, DisplayPath.Of, output);
            }
        }
        else
        {
            TestReporters.Write(request.Reporter, results, DisplayPath.Of, output);
        }
        return results.All(r => r.Outcome == CaseOutcome.Passed) ? CliApp.Success : CliApp.ProblemsFound;
    }

    private static TestsFile Read(string path)
    {
        try
        {
            var probe = PhysicalFileSystem.Instance.Probe(path);
            if (probe.Kind != FileKind.Regular)
            {
                throw new CliException($"{DisplayPath.Of(path)} is not a regular file ({probe.KindName})");
            }
            if (probe.Length > ConnectorWorkspace.MaxDocumentBytes)
            {
                throw new CliException($"{DisplayPath.Of(path)} is {probe.Length:N0} bytes; tests files over {ConnectorWorkspace.MaxDocumentBytes:N0} bytes are not read");
            }
            return TestsFileReader.Read(path, PhysicalFileSystem.Instance.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read {DisplayPath.Of(path)}: {e.Message}");
        }
    }
}
