using Patchworks.Core.Running.Scripts;

namespace Patchworks.Runner.Tests.Scripts;

/// <summary>The peoplevox sample's scripts, read from samples/, and SOAP answers shaped like the real service's.</summary>
internal static class Peoplevox
{
    public const string Url = "https://wms.peoplevox.net/acme1234/resources/integrationservicev4.asmx";

    public static string RepositoryRoot { get; } = FindRoot();

    public static string ScriptText(string name) => File.ReadAllText(Path.Combine(RepositoryRoot, "samples", "peoplevox", "scripts", name));

    public static CompiledScript Paginate { get; } =
        CompiledScript.Compile(ScriptText("paginate.js"), "pagination script of endpoint 'get-inventory-report'", "scripts/paginate.js");

    public static CompiledScript PostAuth { get; } =
        CompiledScript.Compile(ScriptText("post-auth.js"), "post-request script of auth method 'session'", "scripts/post-auth.js");

    /// <summary>The GetReportData request the endpoint sends, from the sample's own envelope with a page number set.</summary>
    public static ScriptRequest ReportRequest(int pageNo, int itemsPerPage = 500)
    {
        var envelope = File.ReadAllText(Path.Combine(RepositoryRoot, "samples", "peoplevox", "soap", "get-inventory-report.xml"))
            .Replace("{{client_id}}", "acme1234", StringComparison.Ordinal)
            .Replace("{{session_id}}", "7d5e0c1a-93b4-4d0e-bb1f-2f6c0e8b9a11", StringComparison.Ordinal)
            .Replace("<PageNo>1</PageNo>", $"<PageNo>{pageNo}</PageNo>", StringComparison.Ordinal)
            .Replace("<ItemsPerPage>500</ItemsPerPage>", $"<ItemsPerPage>{itemsPerPage}</ItemsPerPage>", StringComparison.Ordinal);
        return new ScriptRequest(Url, "POST",
            [new("Content-Type", "text/xml; charset=utf-8"), new("SOAPAction", "http://www.peoplevox.net/GetReportData")],
            envelope);
    }

    public static string ReportResponse(int responseId, int totalCount, string detail) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
          <soap:Body>
            <GetReportDataResponse xmlns="http://www.peoplevox.net/">
              <GetReportDataResult>
                <ResponseId>{responseId}</ResponseId>
                <TotalCount>{totalCount}</TotalCount>
                <Detail>{detail}</Detail>
                <Statuses />
                <ImportingQueueId>0</ImportingQueueId>
                <SalesOrdersToDespatchIds />
              </GetReportDataResult>
            </GetReportDataResponse>
          </soap:Body>
        </soap:Envelope>
        """;

    /// <summary>A report page of CSV rows, as Peoplevox puts them inside Detail.</summary>
    public static string Rows(int first, int count) =>
        "Item code,Name,Available,Allocated,On hand\n"
        + string.Join('\n', Enumerable.Range(first, count).Select(i => $"MCS-{i:00000},Merino crew sock {i},{i % 40},{i % 3},{i % 40 + i % 3}"));

    public static string AuthenticateResponse(int responseId, string detail) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
          <soap:Body>
            <AuthenticateResponse xmlns="http://www.peoplevox.net/">
              <AuthenticateResult>
                <ResponseId>{responseId}</ResponseId>
                <TotalCount>0</TotalCount>
                <Detail>{detail}</Detail>
                <Statuses />
                <ImportingQueueId>0</ImportingQueueId>
                <SalesOrdersToDespatchIds />
              </AuthenticateResult>
            </AuthenticateResponse>
          </soap:Body>
        </soap:Envelope>
        """;

    /// <summary>The 1-based line of the first line of <paramref name="script"/> holding <paramref name="text"/>.</summary>
    public static int LineOf(string script, string text) =>
        Array.FindIndex(ScriptText(script).Split('\n'), line => line.Contains(text, StringComparison.Ordinal)) + 1;

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Patchworks.Lsp.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("The repository root (Patchworks.Lsp.sln) was not found above the test assembly.");
    }
}
