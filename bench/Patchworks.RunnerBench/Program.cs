using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Patchworks.Core.Running;
using Patchworks.Core.Running.Http;
using Patchworks.Core.Running.Results;
using Patchworks.Core.Workspace;
using Patchworks.RunnerBench;
using Patchworks.TestApi.Hosting;

// The runner against a plain HttpClient loop on the same loopback HTTPS server, the same pages, interleaved
// (A B B A ...) so machine noise falls on both. Usage: dotnet run -c Release --project bench/Patchworks.RunnerBench [-- --pages 1000 --rounds 6]
var pages = Option("--pages", 1000);
var rounds = Option("--rounds", 6);
await using var server = await TestApiServer.StartAsync(apis: [new PagesApi(pages)]);
var root = X509Certificate2.CreateFromPem(server.RootCertificatePem);
var folder = Directory.CreateTempSubdirectory("pw-runner-bench");
var connectorPath = Path.Combine(folder.FullName, "bench.connector.json");
await File.WriteAllTextAsync(connectorPath, """
    { "name": "Bench", "version": { "number": 1, "name": "1" }, "systemType": "Other", "protocol": "HTTP", "colour": "blue",
      "authMethods": [ { "id": "none", "name": "None", "type": "none" } ],
      "endpoints": [ { "id": "list", "name": "List", "entityType": "products", "direction": "receive", "method": "GET",
                       "url": "https://bench.test/items", "dataType": "json", "dataPath": "items",
                       "pagination": { "method": "pageNumber", "pageParam": "page", "totalPagesHeader": "X-Total-Pages" } } ] }
    """);
var workspace = new ConnectorWorkspace(PhysicalFileSystem.Instance);
workspace.Add(connectorPath);
var connector = workspace.GetConnector(Path.GetFullPath(connectorPath))!;

var plain = new List<double>();
var decompressing = new List<double>();
var runner = new List<double>();
await PlainAsync(20, DecompressionMethods.None);
await RunnerAsync(20);
for (var round = 0; round < rounds; round++)
{
    if (round % 2 == 0)
    {
        plain.Add(await PlainAsync(pages, DecompressionMethods.None));
        decompressing.Add(await PlainAsync(pages, DecompressionMethods.All));
        runner.Add(await RunnerAsync(pages));
    }
    else
    {
        runner.Add(await RunnerAsync(pages));
        decompressing.Add(await PlainAsync(pages, DecompressionMethods.All));
        plain.Add(await PlainAsync(pages, DecompressionMethods.None));
    }
    Console.Error.WriteLine($"round {round + 1}/{rounds}: plain {plain[^1]:F3} ms/page, plain+decompression {decompressing[^1]:F3}, runner {runner[^1]:F3} ms/page");
}
var plainMedian = Median(plain);
var decompressingMedian = Median(decompressing);
var runnerMedian = Median(runner);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
    | {pages} pages over loopback HTTPS, {rounds} rounds interleaved | ms per page (median of rounds) | pages per second |
    | --- | ---: | ---: |
    | plain HttpClient loop (GET, read body, parse JSON) | {plainMedian:F3} | {1000 / plainMedian:F0} |
    | the same loop accepting compressed answers, as the runner does | {decompressingMedian:F3} | {1000 / decompressingMedian:F0} |
    | patchworks runner (resolve, send, record, redact, paginate) | {runnerMedian:F3} | {1000 / runnerMedian:F0} |
    | ratio runner / plain | {runnerMedian / plainMedian:F2}x | |
    | ratio runner / plain with decompression | {runnerMedian / decompressingMedian:F2}x | |
    """));
folder.Delete(recursive: true);
return;

async Task<double> PlainAsync(int count, DecompressionMethods decompression)
{
    using var handler = new SocketsHttpHandler { AutomaticDecompression = decompression, ConnectCallback = ConnectAsync, SslOptions = { RemoteCertificateValidationCallback = RootTrust.For(server) } };
    using var client = new HttpClient(handler);
    var watch = Stopwatch.StartNew();
    for (var page = 1; page <= count; page++)
    {
        using var response = await client.GetAsync($"https://bench.test/items?page={page}");
        var body = await response.Content.ReadAsStringAsync();
        using var json = System.Text.Json.JsonDocument.Parse(body);
        if (json.RootElement.GetProperty("items").GetArrayLength() != 10)
        {
            throw new InvalidOperationException("short page");
        }
    }
    return watch.Elapsed.TotalMilliseconds / count;
}

async Task<double> RunnerAsync(int count)
{
    var options = new RunOptions
    {
        MaxPages = count,
        MaxRecords = int.MaxValue,
        Http = new HttpSettings { ConnectTo = [new ConnectTo(null, null, "127.0.0.1", server.Port)], TrustedRoots = [root] },
    };
    var watch = Stopwatch.StartNew();
    var result = await EndpointRunner.RunAsync(connector, "list", null, options);
    var elapsed = watch.Elapsed.TotalMilliseconds;
    if (result.Pages.Count != count || result.Records != count * 10)
    {
        throw new InvalidOperationException($"the runner read {result.Pages.Count} pages, {result.Records} records: {result.StopMessage}");
    }
    return elapsed / count;
}

async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
{
    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
    await socket.ConnectAsync(IPAddress.Loopback, server.Port, cancellationToken);
    return new NetworkStream(socket, ownsSocket: true);
}

int Option(string name, int fallback) =>
    args.SkipWhile(a => a != name).Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).DefaultIfEmpty(fallback).First();

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}
