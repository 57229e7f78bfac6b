using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Patchworks.Core.Running;
using Patchworks.Core.Http;
using Patchworks.Core.Testing;
using Patchworks.Core.Testing.Recordings;
using Patchworks.Core.Workspace;
using Patchworks.TestApi.Apis;
using Patchworks.TestApi.Hosting;

// Records one case of --pages pages against the trouble API's /bench route, copies its recording to --cases cases,
// stops the server, then replays every case through the core (prepare, run, complete), --rounds times.
// Usage: dotnet run -c Release --project bench/Patchworks.ReplayBench [-- --cases 100 --pages 10 --rounds 3]
// With --write-suite DIR it writes a recorded suite for `patchworks test DIR --replay` instead (SuiteGenerator.cs).
var cases = Option("--cases", 100);
var pages = Option("--pages", 10);
var rounds = Option("--rounds", 3);

// --write-suite DIR: the input of bench/test-replay-bench.sh (a connector, its tests file, recordings), for the CLI.
if (args.SkipWhile(a => a != "--write-suite").Skip(1).FirstOrDefault() is { } suiteFolder)
{
    return await Patchworks.ReplayBench.SuiteGenerator.WriteAsync(Path.GetFullPath(suiteFolder), cases, pages);
}

var folder = Directory.CreateTempSubdirectory("pw-replay-bench");
try
{
    var connectorPath = Path.Combine(folder.FullName, "bench.connector.json");
    await File.WriteAllTextAsync(connectorPath, """
        { "name": "Bench", "version": { "number": 1, "name": "1" }, "systemType": "Other", "protocol": "HTTP", "colour": "blue",
          "authMethods": [ { "id": "none", "name": "None", "type": "none" } ],
          "endpoints": [ { "id": "list", "name": "List", "entityType": "products", "direction": "receive", "method": "GET",
                           "url": "https://trouble.test/bench", "dataType": "json", "dataPath": "items",
                           "pagination": { "method": "nextPageUrl", "nextUrlPath": "next" } } ] }
        """);
    var workspace = new ConnectorWorkspace(PhysicalFileSystem.Instance);
    workspace.Add(connectorPath);
    var connector = workspace.GetConnector(Path.GetFullPath(connectorPath))!;
    TestCaseInfo Case(int number) => new(connector, "list", $"case-{number:000}", null,
        Path.Combine(folder.FullName, "recordings", "list", $"case-{number:000}.json"));

    await using (var server = await TestApiServer.StartAsync(apis: [new TroubleApi(benchPages: pages, benchPageSize: 10)]))
    {
        var live = new RunOptions
        {
            MaxPages = pages + 1,
            Http = new HttpSettings { ConnectTo = [new ConnectTo(null, null, "127.0.0.1", server.Port)], TrustedRoots = [X509Certificate2.CreateFromPem(server.RootCertificatePem)] },
        };
        var recorder = new RecordTransport();
        var first = Case(1);
        var result = await EndpointRunner.RunAsync(connector, "list", null, recorder.Prepare(first, live));
        var failure = await recorder.CompleteAsync(first, result, CancellationToken.None);
        if (failure is not null || result.Pages.Count != pages)
        {
            Console.Error.WriteLine($"recording failed: {result.Stop} {result.StopMessage} {failure}");
            return 1;
        }
    }
    for (var number = 2; number <= cases; number++)
    {
        File.Copy(Case(1).RecordingPath, Case(number).RecordingPath);
    }

    // Nothing listens on port 1: a request that reached a socket would fail its case.
    var offline = new RunOptions { MaxPages = pages + 1, Http = new HttpSettings { ConnectTo = [new ConnectTo(null, null, "127.0.0.1", 1)] } };
    Console.WriteLine($"{"round",5} {"cases",6} {"pages",6} {"wall_s",8} {"cpu_s",7} {"ms/case",8}");
    for (var round = 0; round <= rounds; round++)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var replayed = 0;
        for (var number = 1; number <= cases; number++)
        {
            var replay = new ReplayTransport();
            var testCase = Case(number);
            var result = await EndpointRunner.RunAsync(connector, "list", null, replay.Prepare(testCase, offline));
            if (await replay.CompleteAsync(testCase, result, CancellationToken.None) is { } failure)
            {
                Console.Error.WriteLine($"{testCase.CaseName}: {failure}");
                return 1;
            }
            replayed += result.Pages.Count;
        }
        clock.Stop();
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        // Round 0 warms the JIT up, as a CLI run would not be; it is shown, not hidden.
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{(round == 0 ? "cold" : round.ToString(CultureInfo.InvariantCulture)),5} {cases,6} {replayed,6} {clock.Elapsed.TotalSeconds,8:0.000} {cpuSeconds,7:0.000} {clock.Elapsed.TotalMilliseconds / cases,8:0.00}"));
    }
    return 0;
}
finally
{
    folder.Delete(recursive: true);
}

int Option(string name, int fallback) =>
    args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() is { } text && int.TryParse(text, CultureInfo.InvariantCulture, out var value) ? value : fallback;
