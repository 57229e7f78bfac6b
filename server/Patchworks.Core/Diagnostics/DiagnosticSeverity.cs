namespace Patchworks.Core.Diagnostics;

/// <summary>Severities in LSP order (1 = error).</summary>
public enum DiagnosticSeverity
{
    Error = 1,
    Warning = 2,
    Information = 3,
    Hint = 4,
}

/// <summary>Extra meaning an editor can render: greyed-out unused code, struck-through deprecated code.</summary>
[Flags]
public enum DiagnosticTags
{
    None = 0,
    Unnecessary = 1,
    Deprecated = 2,
}
