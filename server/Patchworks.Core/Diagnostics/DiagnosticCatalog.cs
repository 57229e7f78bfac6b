using static Patchworks.Core.Diagnostics.DiagnosticSeverity;

namespace Patchworks.Core.Diagnostics;

/// <summary>
/// Every diagnostic the toolkit reports, with its stable code. Codes never change meaning once released;
/// tests and users refer to codes, never to message text.
/// PW00xx syntax · PW1xxx schema · PW2xxx variables and placeholders · PW3xxx auth methods and endpoints ·
/// PW4xxx referenced files · PW5xxx instances and workspace · PW60xx publishing requirements (warnings in
/// validate, errors in the publish plan: fields the Core API requires of a system template) · PW7xxx connector tests files.
/// </summary>
public static class DiagnosticCatalog
{
    // Syntax.
    public static readonly DiagnosticDescriptor UnexpectedToken = new("PW0001", Error, "Unexpected text", "Unexpected {0}.");
    public static readonly DiagnosticDescriptor UnterminatedString = new("PW0002", Error, "Unterminated string", "This string has no closing quote.");
    public static readonly DiagnosticDescriptor MissingComma = new("PW0003", Error, "Missing comma", "Expected a comma after this value, before the next {0}.");
    public static readonly DiagnosticDescriptor MissingColon = new("PW0004", Error, "Missing colon", "Expected ':' after the property name \"{0}\".");
    public static readonly DiagnosticDescriptor ValueExpected = new("PW0005", Error, "Value expected", "Expected a value{0}.");
    public static readonly DiagnosticDescriptor Unclosed = new("PW0006", Error, "Unclosed object or array", "This {0} is never closed: expected '{1}'.");
    public static readonly DiagnosticDescriptor PropertyNameExpected = new("PW0007", Error, "Property name expected", "{0}");
    public static readonly DiagnosticDescriptor InvalidStringContent = new("PW0008", Error, "Invalid string content", "{0}");
    public static readonly DiagnosticDescriptor InvalidNumber = new("PW0009", Error, "Invalid number", "\"{0}\" is not a valid number.");
    public static readonly DiagnosticDescriptor UnterminatedComment = new("PW0010", Error, "Unterminated comment", "This comment has no closing '*/'.");
    public static readonly DiagnosticDescriptor DuplicateProperty = new("PW0011", Error, "Duplicate property", "The property \"{0}\" appears more than once in this object; only the first is used.");
    public static readonly DiagnosticDescriptor EndOfFileExpected = new("PW0012", Error, "End of file expected", "Unexpected text after the end of the document.");
    public static readonly DiagnosticDescriptor NestingTooDeep = new("PW0013", Error, "Nesting too deep", "Values are nested more than {0} levels deep; the rest of this value is skipped.");
    public static readonly DiagnosticDescriptor EmptyDocument = new("PW0014", Error, "Empty document", "The file is empty: expected a JSON object.");
    public static readonly DiagnosticDescriptor FileTooLarge = new("PW0015", Error, "File too large", "The file is {0:N0} bytes; files over {1:N0} bytes are not read.");
    public static readonly DiagnosticDescriptor FileUnreadable = new("PW0016", Error, "File unreadable", "The file cannot be read: {0}");
    public static readonly DiagnosticDescriptor FileSkipped = new("PW0017", Warning, "File skipped", "This path is named like a connector or instance file but is {0}, so it is not read.");

    // Schema.
    public static readonly DiagnosticDescriptor UnknownProperty = new("PW1001", Error, "Unknown property", "The property \"{0}\" is not allowed here.{1}");
    public static readonly DiagnosticDescriptor MissingProperty = new("PW1002", Error, "Missing property", "Missing required property \"{0}\"{1}.");
    public static readonly DiagnosticDescriptor WrongType = new("PW1003", Error, "Wrong type", "Expected {0} but found {1}.");
    public static readonly DiagnosticDescriptor ValueNotAllowed = new("PW1004", Error, "Value not allowed", "{0} is not an allowed value. Allowed: {1}.{2}");
    public static readonly DiagnosticDescriptor TooLong = new("PW1005", Error, "Value too long", "{0} is {1} characters long; at most {2} are allowed.");
    public static readonly DiagnosticDescriptor TooShort = new("PW1006", Error, "Value too short", "{0} must be at least {1} character(s) long.");
    public static readonly DiagnosticDescriptor PatternMismatch = new("PW1007", Error, "Invalid format", "{0} does not have the expected format: {1}");
    public static readonly DiagnosticDescriptor OutOfRange = new("PW1008", Error, "Number out of range", "{0} must be {1}.");
    public static readonly DiagnosticDescriptor ArrayLength = new("PW1009", Error, "Wrong number of items", "{0} must have {1}.");
    public static readonly DiagnosticDescriptor DuplicateItem = new("PW1010", Error, "Duplicate item", "{0} appears more than once in this list.");
    public static readonly DiagnosticDescriptor NoAlternativeMatches = new("PW1011", Error, "Wrong shape", "Expected {0}.");

    // Variables and placeholders.
    public static readonly DiagnosticDescriptor UndefinedPlaceholder = new("PW2001", Error, "Undefined placeholder", "'{{{{{0}}}}}' is not defined. Searched: {1}.{2}");
    public static readonly DiagnosticDescriptor MalformedPlaceholder = new("PW2002", Error, "Malformed placeholder", "{0}");
    public static readonly DiagnosticDescriptor UnclosedPlaceholder = new("PW2003", Error, "Unclosed placeholder", "'{0}' is never closed: expected '{1}'.");
    public static readonly DiagnosticDescriptor UnusedVariable = new("PW2004", Warning, "Unused variable", "The {0} variable \"{1}\" is never used by a placeholder.", DiagnosticTags.Unnecessary);
    public static readonly DiagnosticDescriptor DuplicateVariable = new("PW2005", Error, "Duplicate variable", "The variable key \"{0}\" is already defined {1}.");
    public static readonly DiagnosticDescriptor UnknownBuiltin = new("PW2006", Error, "Unknown built-in", "{0}");
    public static readonly DiagnosticDescriptor PaginationBuiltinWithoutMethod = new("PW2007", Error, "Pagination built-in without its method", "'[[pagination.{0}]]' {1}");
    public static readonly DiagnosticDescriptor UnknownUsedVariable = new("PW2008", Error, "Unknown connector variable", "\"{0}\" is not a connector variable.{1}");
    public static readonly DiagnosticDescriptor ShadowedVariable = new("PW2009", Warning, "Shadowed variable", "The {0} variable \"{1}\" hides the {2} variable of the same key.");
    public static readonly DiagnosticDescriptor ConnectorVariableNeverAsked = new("PW2010", Warning, "Variable never asked for", "The connector variable \"{0}\" is required but no authentication method uses it, so users are never asked for it. Add it to an auth method's \"uses\".");

    // Authentication methods and endpoints.
    public static readonly DiagnosticDescriptor DuplicateAuthMethodId = new("PW3001", Error, "Duplicate auth method id", "The auth method id \"{0}\" is already used.");
    public static readonly DiagnosticDescriptor DuplicateEndpointId = new("PW3002", Error, "Duplicate endpoint id", "The endpoint id \"{0}\" is already used.");
    public static readonly DiagnosticDescriptor UnknownAuthMethod = new("PW3003", Error, "Unknown auth method", "There is no auth method \"{0}\".{1}");
    public static readonly DiagnosticDescriptor BodyOnGet = new("PW3004", Warning, "Body on a GET request", "This {0} endpoint has a body; most servers ignore or reject a body on {0}.");
    public static readonly DiagnosticDescriptor SendWithGet = new("PW3005", Warning, "Send endpoint using GET", "A send endpoint pushes data; GET cannot carry it. Use POST, PUT or PATCH.");
    public static readonly DiagnosticDescriptor PaginationOptionMissing = new("PW3006", Error, "Pagination option missing", "The {0} pagination method needs \"{1}\": {2}");
    public static readonly DiagnosticDescriptor PaginationOptionUnused = new("PW3007", Warning, "Pagination option not used", "\"{0}\" means nothing to the {1} pagination method; it belongs to {2}.", DiagnosticTags.Unnecessary);
    public static readonly DiagnosticDescriptor AuthSettingsMissing = new("PW3008", Error, "Auth settings missing", "A {0} auth method needs a \"{1}\" settings block.");
    public static readonly DiagnosticDescriptor AuthSettingsUnused = new("PW3009", Warning, "Auth settings not used", "The \"{0}\" block means nothing to a {1} auth method.", DiagnosticTags.Unnecessary);
    public static readonly DiagnosticDescriptor PaginationOnSend = new("PW3010", Warning, "Pagination on a send endpoint", "Send endpoints are not paginated; this pagination is never used.", DiagnosticTags.Unnecessary);
    public static readonly DiagnosticDescriptor PaginationValueNeverSent = new("PW3011", Error, "Pagination value never sent", "The {0} is never sent: set \"{1}\" or use '[[pagination.{2}]]' in the URL, a parameter or the body.");
    public static readonly DiagnosticDescriptor UrlNotAbsolute = new("PW3012", Error, "URL not absolute", "The URL must start with http://, https:// or a {{{{placeholder}}}}.");
    public static readonly DiagnosticDescriptor DuplicateParameter = new("PW3013", Warning, "Duplicate parameter", "The {0} parameter \"{1}\" is already defined in this list.");
    public static readonly DiagnosticDescriptor NoAuthMethodApplies = new("PW3014", Error, "No usable auth method", "This endpoint names no auth method.");
    public static readonly DiagnosticDescriptor AuthSettingMissing = new("PW3015", Error, "Auth setting missing", "A {0} auth method needs {1}.");
    public static readonly DiagnosticDescriptor ErrorPathInData = new("PW3030", Warning, "Error path in the data", "The error path \"{0}\" {1} the data path \"{2}\": every page with records would count as failed.");
    public static readonly DiagnosticDescriptor ErrorPathUnsupported = new("PW3031", Error, "Error path the runner cannot follow", "\"{0}\" is not a path the runner can follow: {1}. Use names separated by dots, with [n] for an array item (error.message, errors[0].message).");
    // Values the runner parses (issue 14, item 7): PW3040 upward.
    public static readonly DiagnosticDescriptor TokenPatternInvalid = new("PW3040", Error, "Token pattern invalid", "soap.tokenPattern is not a valid .NET regular expression: {0}");
    public static readonly DiagnosticDescriptor TokenPatternGroups = new("PW3041", Warning, "Token pattern without one group", "{0}");
    public static readonly DiagnosticDescriptor RefreshMarginTooLong = new("PW3042", Warning, "Token refreshed too early", "{0}");
    public static readonly DiagnosticDescriptor PathNotFollowed = new("PW3043", Error, "Path the runner cannot follow", "\"{0}\" is not a path the runner follows ({1}): use names and array indexes separated by dots, such as data.items or items[0].id.");
    public static readonly DiagnosticDescriptor PageSizeNeverSent = new("PW3044", Warning, "Page size never sent", "The page size {0} is never sent: set \"limitParam\" or use '[[pagination.limit]]' in the URL, a parameter or the body; a page shorter than a size the API never saw ends the run early.");

    // Referenced files.
    public static readonly DiagnosticDescriptor ReferencedFileMissing = new("PW4001", Error, "Referenced file missing", "The file \"{0}\" does not exist (looked for {1}).");
    public static readonly DiagnosticDescriptor ReferencedFileUnreadable = new("PW4002", Error, "Referenced file unreadable", "The file \"{0}\" cannot be read: {1}");
    public static readonly DiagnosticDescriptor IconWrongType = new("PW4003", Error, "Icon of the wrong type", "The icon must be a .jpg, .gif, .png or .svg image; \"{0}\" is {1}.");
    public static readonly DiagnosticDescriptor IconTooLarge = new("PW4004", Error, "Icon too large", "The icon is {0:N0} bytes; at most 10 MB (10,485,760 bytes) is allowed.");
    public static readonly DiagnosticDescriptor IconNotSquare = new("PW4005", Error, "Icon not square", "The icon must be square; it is {0} by {1}.");
    public static readonly DiagnosticDescriptor IconSizeUnknown = new("PW4006", Warning, "Icon size unknown", "The icon's width and height cannot be read ({0}), so its shape is not checked.");
    public static readonly DiagnosticDescriptor ReferencedJsonInvalid = new("PW4007", Error, "Referenced JSON invalid", "The file \"{0}\" is not valid JSON: {1}");
    public static readonly DiagnosticDescriptor ReferenceOutsideWorkspace = new("PW4008", Error, "Reference outside the workspace", "The file \"{0}\" {1}, outside the workspace {2}; files outside it are never read.");
    public static readonly DiagnosticDescriptor ReferenceNotRegularFile = new("PW4009", Error, "Reference not a regular file", "\"{0}\" is {1}, not a regular file; it is never opened.");
    public static readonly DiagnosticDescriptor ReferencedFileTooLarge = new("PW4010", Error, "Referenced file too large", "The file \"{0}\" is {1:N0} bytes; a referenced file may have at most {2:N0} bytes.");

    // Instances and the workspace.
    public static readonly DiagnosticDescriptor InstanceConnectorMissing = new("PW5001", Error, "Connector not found", "The connector file \"{0}\" does not exist (looked for {1}).");
    public static readonly DiagnosticDescriptor InstanceConnectorInvalid = new("PW5002", Error, "Connector unusable", "The connector file \"{0}\" cannot be used: {1}");
    public static readonly DiagnosticDescriptor InstanceAuthMethodUnknown = new("PW5003", Error, "Unknown auth method", "The connector has no auth method \"{0}\".{1}");
    public static readonly DiagnosticDescriptor InstanceValueMissing = new("PW5004", Error, "Required value missing", "The {0} variable \"{1}\" is required and has no default: give it a value in \"{2}\".");
    public static readonly DiagnosticDescriptor LiteralSecret = new("PW5005", Error, "Literal secret", "{0}");
    public static readonly DiagnosticDescriptor MalformedSecretReference = new("PW5006", Error, "Malformed secret reference", "\"{0}\" is not a secret reference: use env:NAME (an environment variable) or secret:NAME (VS Code secret storage).");
    public static readonly DiagnosticDescriptor InstanceUnknownVariable = new("PW5007", Warning, "Unknown variable", "There is no variable \"{0}\" {1}.{2}");
    public static readonly DiagnosticDescriptor DuplicateEnvironmentInstance = new("PW5008", Error, "Second instance for an environment", "The company group \"{0}\" already has a {1} instance of this connector; at most one live and one test instance per company group are allowed.");
    public static readonly DiagnosticDescriptor UnknownTimeZone = new("PW5009", Error, "Unknown time zone", "\"{0}\" is not an IANA time zone (such as Europe/London).{1}");
    public static readonly DiagnosticDescriptor UnknownEndpointInValues = new("PW5010", Warning, "Unknown endpoint", "The connector has no endpoint \"{0}\".{1}");
    public static readonly DiagnosticDescriptor ValueNotAsked = new("PW5011", Warning, "Value never used", "The auth method \"{0}\" does not use the connector variable \"{1}\", so this value is ignored. Add it to the method's \"uses\" or remove it.", DiagnosticTags.Unnecessary);

    // Publishing requirements: what the Core API requires of a system template (domain notes, section 15).
    public static readonly DiagnosticDescriptor PublishRateLimitMissing = new("PW6001", Warning, "Rate limit needed to publish", "Publishing needs \"rateLimit\" ({ \"requests\": N, \"per\": \"second\" | \"minute\" | \"hour\" | \"day\" }): the Core API requires rate_limit_duration and rate_limit_unit. Use the vendor's documented limit.");
    public static readonly DiagnosticDescriptor PublishColourMissing = new("PW6002", Warning, "Colour needed to publish", "Publishing needs \"colour\" (blue, cyan, gray, green, orange, pink, purple, red or yellow, each also _inverted): the Core API requires it.");
    public static readonly DiagnosticDescriptor PublishIconMissing = new("PW6003", Warning, "Icon needed to publish", "Publishing needs \"icon\" (a square .png, .jpg, .gif or .svg beside the connector): the Core API requires a logo_url, which the uploaded icon gets.");
    public static readonly DiagnosticDescriptor PublishVersionNameMissing = new("PW6004", Warning, "Version name needed to publish", "Publishing needs \"version.name\" (such as \"Version 1 - REST API v3\"): the Core API requires version_name, and an empty one counts as missing.");
    public static readonly DiagnosticDescriptor PublishNameEmpty = new("PW6005", Warning, "Name needed to publish", "Publishing needs a non-empty \"name\": the Core API requires the label, and an empty one counts as missing.");

    // Event connectors (kind "event"): a broker and listeners instead of endpoints (docs/events.md).
    public static readonly DiagnosticDescriptor EventEndpoints = new("PW8001", Error, "Endpoints in an event connector", "An event connector listens to a broker: it has listeners, not \"{0}\". Put API calls in an API connector (without \"kind\": \"event\").");
    public static readonly DiagnosticDescriptor EventPartsInApiConnector = new("PW8002", Error, "Broker or listeners in an API connector", "\"{0}\" belongs to event connectors: add \"kind\": \"event\" (and drop endpoints), or remove it.");
    public static readonly DiagnosticDescriptor EventAuthType = new("PW8003", Error, "Auth type a broker cannot use", "A RabbitMQ broker takes a username and password (AMQP PLAIN): use \"basic\" (or \"none\" for the broker's default guest user), not \"{0}\".");
    public static readonly DiagnosticDescriptor BindingKeysWithoutExchange = new("PW8004", Error, "Binding keys without an exchange", "The listener \"{0}\" has bindingKeys but no exchange to bind its queue to: add \"exchange\": {{ \"name\": ... }}.");
    public static readonly DiagnosticDescriptor ExchangeNeverBound = new("PW8005", Warning, "Exchange never bound", "The {0} exchange \"{1}\" is never bound to the queue: without bindingKeys no message reaches it through this exchange (only a fanout exchange needs none).");
    public static readonly DiagnosticDescriptor FanoutBindingKeys = new("PW8006", Warning, "Binding keys a fanout exchange ignores", "A fanout exchange sends every message to every bound queue: the binding keys are ignored.");
    public static readonly DiagnosticDescriptor QueueSettingsWithoutDeclare = new("PW8007", Warning, "Queue settings without declare", "\"{0}\" applies only when the listener declares the queue: add \"declare\": true, or remove it (an existing queue keeps the settings it was created with).");
    public static readonly DiagnosticDescriptor RetryWithAutoAck = new("PW8008", Warning, "Retry with automatic acknowledgement", "With \"acknowledgement\": \"auto\" the broker counts a message as delivered when it sends it: a failed message is never retried or dead-lettered. Use manual acknowledgement.");
    public static readonly DiagnosticDescriptor TlsPortMismatch = new("PW8009", Warning, "TLS and port disagree", "{0}");
    public static readonly DiagnosticDescriptor DataPathInTextMessage = new("PW8010", Warning, "Data path in a text message", "A text message has no structure to follow: the data path \"{0}\" is ignored (use json or xml).");
    public static readonly DiagnosticDescriptor DuplicateListenerId = new("PW8011", Error, "Duplicate listener id", "The listener id \"{0}\" is already used.");
    public static readonly DiagnosticDescriptor MessagePathUnsupported = new("PW8012", Error, "Data path the listener cannot follow", "\"{0}\" is not a path the listener's grammar reads: {1}.");

    // Connector tests files (name.tests.json): what makes a case unrunnable or an expectation unreadable.
    public static readonly DiagnosticDescriptor TestsConnectorMissing = new("PW7001", Error, "Tested connector not found", "There is no connector file {0} to test.{1}");
    public static readonly DiagnosticDescriptor TestsUnknownEndpoint = new("PW7002", Error, "Unknown endpoint tested", "The connector has no endpoint \"{0}\".{1}");
    public static readonly DiagnosticDescriptor TestsInstanceMissing = new("PW7003", Error, "Test instance not found", "There is no instance file {0} ({1}).");
    public static readonly DiagnosticDescriptor TestsNoInstance = new("PW7004", Warning, "Case without an instance", "The case \"{0}\" names no instance and the file has no \"instance\": it runs with no values, secrets or auth method unless --instance gives one.");
    public static readonly DiagnosticDescriptor TestsUnknownVariable = new("PW7005", Error, "Unknown variable in a case", "The endpoint \"{0}\" has no variable or parameter \"{1}\" (a connector, auth method or endpoint variable, or an optional parameter's key).{2}");
    public static readonly DiagnosticDescriptor TestsBoundsReversed = new("PW7006", Error, "Bounds reversed", "{0}");
    public static readonly DiagnosticDescriptor TestsPathInvalid = new("PW7007", Error, "Path the tests cannot follow", "\"{0}\" is not a path the runner's grammar reads: {1}.");
    public static readonly DiagnosticDescriptor TestsRegexInvalid = new("PW7008", Error, "Invalid regular expression", "{0} is not a .NET regular expression: {1}");
    public static readonly DiagnosticDescriptor TestsNoSchema = new("PW7009", Error, "No schema to validate against", "\"schemaValid\" needs the endpoint \"{0}\" to declare a record schema (\"schema\"){1}.");
    public static readonly DiagnosticDescriptor TestsAssertionEmpty = new("PW7010", Warning, "Assertion checks nothing", "This assertion has no operator (equals, matches, exists, type or oneOf), so it always passes.");

    /// <summary>Every descriptor, for documentation and for tests that check codes are unique.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> All { get; } = typeof(DiagnosticCatalog)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .ToArray();
}
