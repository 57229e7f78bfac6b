using System.Text.Json.Serialization;
using Patchworks.Core.Schema.Inference;

namespace Patchworks.LanguageServer.Protocol;

// Requests of our own, named patchworks/*. The extension sends them; they are not part of LSP.

/// <summary>patchworks/setActiveInstance: the instance (or none) whose values the editor shows for a connector.</summary>
public sealed record SetActiveInstanceParams(string ConnectorUri, string? InstanceUri);

/// <summary>patchworks/releaseRun (notification): the editor no longer shows the endpoint's latest run (its panel closed).</summary>
public sealed record ReleaseRunParams(string Uri, string EndpointId);

/// <summary>patchworks/resolveRequest: an endpoint's request for an instance (default: the connector's active one) and ad hoc values.</summary>
public sealed record ResolveRequestParams(string Uri, string EndpointId, string? InstanceUri = null, IReadOnlyDictionary<string, string>? Values = null);

/// <summary>
/// The resolved request, in the shape of `patchworks resolve --format json`: the same fields, nulls written too
/// (the protocol otherwise leaves nulls out). Secrets are masked.
/// </summary>


/// <summary>
/// patchworks/runEndpoint: sends an endpoint's real request for an instance (default: the connector's active one)
/// and follows its pagination. With a workDoneToken the server reports progress ($/progress); $/cancelRequest or
/// window/workDoneProgress/cancel stop the run, which then answers with what it read so far.
/// </summary>
public sealed record RunEndpointParams(
    string Uri,
    string EndpointId,
    string? InstanceUri = null,
    IReadOnlyDictionary<string, string>? Values = null,
    int? MaxPages = null,
    int? MaxRecords = null,
    double? TimeoutSeconds = null,
    IReadOnlyList<string>? ConnectTo = null,
    IReadOnlyList<string>? TrustedCertificatesPem = null,
    System.Text.Json.JsonElement? WorkDoneToken = null);

/// <summary>
/// patchworks/compareRuns: two saved runs of an endpoint (their JSON texts, as patchworks/runEndpoint answered them
/// and the editor's run history keeps them), compared as `patchworks compare` does. The server reads no file.
/// </summary>
public sealed record CompareRunsParams(string? Previous, string? Current, string? DataPath = null);

/// <summary>
/// patchworks/validateDraft: a connector or instance a wizard is about to write. With a URI (where the file
/// would be written), workspace rules apply as if it were there: its connector, its company group's other instances.
/// </summary>
public sealed record ValidateDraftParams(string Kind, string Text, string? Uri = null);

/// <summary>One problem of a draft: its code, severity (1 error .. 4 hint), message, the JSON path of the node it is on (such as endpoints[0].url; "" for the whole file) and its range.</summary>
public sealed record DraftDiagnostic(string Code, int Severity, string Message, string Path, LspRange Range);

public sealed record ValidateDraftResult(IReadOnlyList<DraftDiagnostic> Diagnostics);

public sealed record SignInParams(
    string InstanceUri,
    double? TimeoutSeconds = null,
    IReadOnlyList<string>? ConnectTo = null,
    IReadOnlyList<string>? TrustedCertificatesPem = null);

/// <summary>
/// patchworks/updateSchemaFromRun: merges the schema of a saved run's records (the text patchworks/runEndpoint
/// answered, or a saved run file's) into the endpoint's declared schema; answers the edits, per file URI, and the
/// merger's report. The server changes no file: the editor applies the edits, or, with apply, the server asks it to
/// (workspace/applyEdit).
/// </summary>
/// <param name="Unsaved">As patchworks/compareSchema's: the schema file's open buffer, so edits are made to the text the editor holds.</param>
public sealed record UpdateSchemaFromRunParams(string Uri, string EndpointId, string? Run, bool? Apply = null, IReadOnlyList<UnsavedDocument>? Unsaved = null);

/// <summary>The answer of patchworks/updateSchemaFromRun: the edits (none when the schema describes the records already) and the report.</summary>
/// <param name="Applied">With apply: whether the client applied the edits (workspace/applyEdit); null without apply or when there was no edit.</param>
public sealed record UpdateSchemaFromRunResult(WorkspaceEdit Edit, SchemaUpdateReport Report, bool? Applied = null);

/// <param name="Uri">The file whose schema is (or would be) edited: the connector, or the schema file it references.</param>
/// <param name="Records">The run's records read.</param>
/// <param name="Changes">What the merge did: kind added, widened or conflict (left as declared), a JSON pointer into the schema, a message.</param>
/// <param name="Gaps">Pages whose records could not be read back.</param>
public sealed record SchemaUpdateReport(string Uri, int Records, IReadOnlyList<SchemaUpdateChange> Changes, IReadOnlyList<string> Gaps);

public sealed record SchemaUpdateChange(string Kind, string Path, string Message);

/// <summary>
/// patchworks/compareSchema: the response panel's Compare Schema. The endpoint's declared schema (inline, or the file
/// it references, read as updateSchemaFromRun reads it) against a saved run's records.
/// </summary>
/// <param name="Unsaved">
/// Open editor buffers the client does not sync (a schema file is plain JSON): the referenced schema file is read
/// from the one with its URI, once the file is allowed, so edits Update Schema from Run left unsaved are compared.
/// </param>
public sealed record CompareSchemaParams(string Uri, string EndpointId, string? Run, IReadOnlyList<UnsavedDocument>? Unsaved = null);

/// <summary>An open document's text as the editor holds it.</summary>
public sealed record UnsavedDocument(string Uri, string Text);

/// <summary>
/// The answer of patchworks/compareSchema: the findings, named as the extension's panel has always named them, and
/// where each is written.
/// </summary>
/// <param name="Text">True when the records were XML or CSV text (compared in text mode); absent otherwise.</param>
/// <param name="Locations">One per path the findings name: its declaration in the schema, or, for an undeclared field
/// or a record of the wrong kind, the endpoint's "schema" key in the connector (<c>declared</c> false).</param>
/// <param name="Schema">The endpoint's "schema" key in the connector.</param>
/// <param name="SchemaUri">The file that declares the schema: the connector, or the schema file.</param>
/// <param name="Gaps">Pages whose records could not be read back.</param>
public sealed record CompareSchemaResult(
    int RecordsChecked,
    bool? Text,
    IReadOnlyList<SchemaFieldCount> MissingRequired,
    IReadOnlyList<string> NeverReceived,
    IReadOnlyList<SchemaFieldCount> Extra,
    IReadOnlyList<SchemaWrongType> WrongTypes,
    IReadOnlyList<SchemaFindingLocation> Locations,
    Location Schema,
    string SchemaUri,
    IReadOnlyList<string> Gaps);

/// <summary>Where a finding's field is written.</summary>
/// <param name="Declared">The range is the field's declaration in the schema (false: the endpoint's "schema" key).</param>
public sealed record SchemaFindingLocation(string Path, string Uri, LspRange Range, bool Declared);

/// <summary>patchworks/connectorOutline: a connector file's outline (see Core's ConnectorOutline).</summary>
public sealed record ConnectorOutlineParams(string Uri);

/// <summary>patchworks/schemaFields: the form fields of a schema, "connector" or "instance".</summary>
public sealed record SchemaFieldsParams(string Schema);

/// <summary>patchworks/secretNames: the SecretStorage names of an instance's secrets (its name as typed, the secret variables' keys).</summary>
public sealed record SecretNamesParams(string? InstanceName, IReadOnlyList<string>? Keys);

/// <summary>patchworks/insertSection: an endpoint or auth method (Item, as the wizard built it) to add to Section ("endpoints" or "authMethods") of the connector at Uri.</summary>
public sealed record InsertSectionParams(string Uri, string Section, System.Text.Json.JsonElement? Item = null, bool? InsertSpaces = null, int? TabSize = null);
