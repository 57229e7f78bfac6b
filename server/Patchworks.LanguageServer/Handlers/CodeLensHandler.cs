using Patchworks.LanguageServer.Documents;
using Patchworks.LanguageServer.Protocol;
using StreamJsonRpc;

namespace Patchworks.LanguageServer.Handlers;

/// <summary>
/// textDocument/codeLens: "Send request", "Resolve" and "Add test" above each endpoint, and "Listen" and "Send test
/// message" above each listener of an event connector; the extension runs the commands. Add Test only edits files, so
/// its lens shows in an untrusted workspace too; the others connect somewhere, so they wait for trust.
/// </summary>
internal sealed class CodeLensHandler(LanguageServer server)
{
    public const string SendRequestCommand = "patchworks.sendRequest";
    public const string ResolveRequestCommand = "patchworks.resolveRequest";
    public const string AddTestCommand = "patchworks.addTest";
    public const string ListenCommand = "patchworks.events.listen";
    public const string SendTestMessageCommand = "patchworks.events.send";

    [JsonRpcMethod("textDocument/codeLens")]
    public IReadOnlyList<CodeLens> CodeLenses(CodeLensParams parameters, CancellationToken cancellationToken)
    {
        server.RequireInitialized();
        var uri = parameters.TextDocument.Uri;
        if (DocumentUri.ToPath(uri) is not { } path || server.Workspace.GetConnector(path) is not { } connector)
        {
            return [];
        }
        cancellationToken.ThrowIfCancellationRequested();
        var lenses = new List<CodeLens>();
        foreach (var endpoint in connector.Model.Endpoints)
        {
            if (endpoint.Id is not { } id)
            {
                continue;
            }
            // On the line where the endpoint's object starts: editors draw a lens above its range's first line.
            var start = connector.Tree.Lines.GetPosition(endpoint.Syntax.Span.Start).ToLsp();
            var range = new LspRange(start, start);
            if (server.WorkspaceTrusted)
            {
                // Running needs a trusted workspace: no lens to click until then (patchworks/setWorkspaceTrust refreshes them).
                lenses.Add(new CodeLens(range, new Command { Title = "Send request", Name = SendRequestCommand, Arguments = [uri, id] }));
            }
            lenses.Add(new CodeLens(range, new Command { Title = "Resolve", Name = ResolveRequestCommand, Arguments = [uri, id] }));
            lenses.Add(new CodeLens(range, new Command { Title = "Add test", Name = AddTestCommand, Arguments = [uri, id] }));
        }
        if (server.WorkspaceTrusted)
        {
            foreach (var listener in connector.Model.Listeners)
            {
                if (listener.Id is not { } id)
                {
                    continue;
                }
                var start = connector.Tree.Lines.GetPosition(listener.Syntax.Span.Start).ToLsp();
                var range = new LspRange(start, start);
                lenses.Add(new CodeLens(range, new Command { Title = "Listen", Name = ListenCommand, Arguments = [uri, id] }));
                lenses.Add(new CodeLens(range, new Command { Title = "Send test message", Name = SendTestMessageCommand, Arguments = [uri, id] }));
            }
        }
        return lenses;
    }
}
