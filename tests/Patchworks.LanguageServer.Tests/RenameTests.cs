using Patchworks.LanguageServer.Protocol;
using Patchworks.LanguageServer.Tests.Infrastructure;
using StreamJsonRpc;
using static Patchworks.LanguageServer.Tests.Infrastructure.TextPositions;

namespace Patchworks.LanguageServer.Tests;

/// <summary>prepareRename and rename: exact ranges, edits that leave valid files with their comments, refusals with reasons.</summary>
public sealed class RenameTests
{
    private static readonly string C = NavigationWorkspace.Connector;
    private static readonly string I = NavigationWorkspace.Instance;

    private static Task<WorkspaceEdit> RenameAsync(NavigationWorkspace w, string path, LspPosition position, string newName) =>
        w.RequestAsync<WorkspaceEdit>("textDocument/rename", path, position, newName);

    /// <summary>Applies the edit to every file and checks the result validates clean and keeps its comments.</summary>
    private static Dictionary<string, string> ApplyAndValidate(NavigationWorkspace w, WorkspaceEdit edit)
    {
        var before = w.Texts;
        Assert.Empty(NavigationWorkspace.Validate(before));
        var after = WorkspaceEdits.Apply(before, edit);
        Assert.Empty(NavigationWorkspace.Validate(after));
        Assert.Contains("// A connector every rule is happy with.", after[LspClient.Uri(w.ConnectorPath)], StringComparison.Ordinal);
        Assert.Contains("// the key lives in the environment", after[LspClient.Uri(w.InstancePath)], StringComparison.Ordinal);
        Assert.Contains("/* production */", after[LspClient.Uri(w.LivePath)], StringComparison.Ordinal);
        return after;
    }

    [Fact]
    public async Task Prepare_rename_gives_the_name_without_braces_or_quotes()
    {
        await using var w = await NavigationWorkspace.StartAsync();
        var placeholder = await w.RequestAsync<PrepareRenameResult>("textDocument/prepareRename", w.ConnectorPath, PositionOf(C, "{{region}}", 1));
        Assert.Equal(new PrepareRenameResult(RangeOf(C, "{{region}}", 2, 6), "region"), placeholder);
        var instanceKey = await w.RequestAsync<PrepareRenameResult>("textDocument/prepareRename", w.InstancePath, PositionOf(I, "\"api_key\"", 0));
        Assert.Equal(new PrepareRenameResult(RangeOf(I, "\"api_key\"", 1, 7), "api_key"), instanceKey);
        var endpointId = await w.RequestAsync<PrepareRenameResult>("textDocument/prepareRename", w.ConnectorPath, PositionOf(C, "\"create\"", 7));
        Assert.Equal(new PrepareRenameResult(RangeOf(C, "\"create\"", 1, 6), "create"), endpointId);
    }

    [Fact]
    public async Task Prepare_rename_refuses_elsewhere_with_a_reason()
    {
        await using var w = await NavigationWorkspace.StartAsync();
        var error = await Assert.ThrowsAsync<RemoteInvocationException>(() =>
            w.RequestAsync<PrepareRenameResult>("textDocument/prepareRename", w.ConnectorPath, PositionOf(C, "\"systemType\"", 3)));
        Assert.Equal(ErrorCodes.RequestFailed, error.ErrorCode);
        Assert.StartsWith("Nothing to rename here", error.Message, StringComparison.Ordinal);
        var connector = await Assert.ThrowsAsync<RemoteInvocationException>(() =>
            w.RequestAsync<PrepareRenameResult>("textDocument/prepareRename", w.InstancePath, PositionOf(I, "test.connector.json", 2)));
        Assert.Contains("rename it in the file explorer", connector.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Renaming_a_variable_edits_the_connector_the_referenced_file_and_both_instances()
    {
        await using var w = await NavigationWorkspace.StartAsync();
        var edit = await RenameAsync(w, w.InstancePath, PositionOf(I, "\"host\"", 2), "api_host");
        Assert.Equal(4, edit.Changes[LspClient.Uri(w.ConnectorPath)].Count);
        Assert.Equal([new TextEdit(RangeOf(NavigationWorkspace.Body, "host", 0, 4), "api_host")], edit.Changes[LspClient.Uri(w.BodyPath)]);
        Assert.Equal([new TextEdit(RangeOf(I, "\"host\"", 1, 4), "api_host")], edit.Changes[LspClient.Uri(w.InstancePath)]);
        var after = ApplyAndValidate(w, edit);
        Assert.Equal(C.Replace("host", "api_host", StringComparison.Ordinal), after[LspClient.Uri(w.ConnectorPath)]);
        Assert.Equal(NavigationWorkspace.LiveInstance.Replace("\"host\"", "\"api_host\"", StringComparison.Ordinal), after[LspClient.Uri(w.LivePath)]);
    }

    [Fact]
    public async Task Renaming_an_auth_method_edits_endpoints_and_instances()
    {
        await using var w = await NavigationWorkspace.StartAsync();
        var edit = await RenameAsync(w, w.ConnectorPath, PositionOf(C, "[\"key\"]", 3), "api-key");
        Assert.Equal(2, edit.Changes[LspClient.Uri(w.ConnectorPath)].Count);
        var after = ApplyAndValidate(w, edit);
        Assert.Contains("\"authMethod\": \"api-key\"", after[LspClient.Uri(w.InstancePath)], StringComparison.Ordinal);
        Assert.Contains("\"authMethod\": \"api-key\"", after[LspClient.Uri(w.LivePath)], StringComparison.Ordinal);
        Assert.Contains("\"authMethods\": [\"api-key\"]", after[LspClient.Uri(w.ConnectorPath)], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Renaming_an_endpoint_edits_instance_endpoint_values()
    {
        await using var w = await NavigationWorkspace.StartAsync();
        var edit = await RenameAsync(w, w.InstancePath, PositionOf(I, "\"list\"", 1), "list_items");
        var after = ApplyAndValidate(w, edit);
        Assert.Contains("\"id\": \"list_items\"", after[LspClient.Uri(w.ConnectorPath)], StringComparison.Ordinal);
        Assert.Contains("{ \"list_items\": { \"status\": \"active\" } }", after[LspClient.Uri(w.InstancePath)], StringComparison.Ordinal);
        Assert.False(edit.Changes.ContainsKey(LspClient.Uri(w.LivePath)));
    }

    [Theory]
    [InlineData("{{host}}", "9lives", "'9lives' is not a valid variable key")]
    [InlineData("{{host}}", "host-name", "'host-name' is not a valid variable key")]
    [InlineData("{{host}}", "region", "'region' is already a variable of the same scope (connector variables).")]
    [InlineData("{{status}}", "host", "'host' is already defined in connector variables, which endpoint 'list' also sees")]
    [InlineData("\"create\"", "list", "The connector already has an endpoint 'list'.")]
    [InlineData("\"create\"", "new item", "'new item' is not a valid id")]
    public async Task Invalid_and_colliding_names_are_refused(string at, string newName, string message)
    {
        await using var w = await NavigationWorkspace.StartAsync();
        // StreamJsonRpc surfaces an InvalidParams error as RemoteMethodNotFoundException; the code and message are what the editor shows.
        var error = await Assert.ThrowsAsync<RemoteMethodNotFoundException>(() => RenameAsync(w, w.ConnectorPath, PositionOf(C, at, 3), newName));
        Assert.Equal(ErrorCodes.InvalidParams, (int)error.ErrorCode);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }
}
