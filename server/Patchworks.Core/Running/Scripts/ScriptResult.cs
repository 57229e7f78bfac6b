using System.Text.Json.Nodes;

namespace Patchworks.Core.Running.Scripts;

/// <summary>What a script's handler returned, as JSON (null when it returned nothing or null), and its console lines.</summary>
public sealed record ScriptResult(JsonNode? Value, IReadOnlyList<string> Log);
