using Acornima.Ast;
using Jint;
using Patchworks.Core.Model;

namespace Patchworks.Core.Running.Scripts;

/// <summary>
/// A connector script parsed once: the runner compiles a pagination script once per run and calls it for every
/// page, so the parse (and the check for syntax errors) happens once; each call still gets a fresh engine
/// (see <see cref="ScriptHost"/>).
/// Immutable: one instance may be run from several threads at once.
/// </summary>
public sealed class CompiledScript
{
    private CompiledScript(string displayName, string sourceName, Prepared<Script> prepared)
    {
        DisplayName = displayName;
        SourceName = sourceName;
        Prepared = prepared;
    }

    /// <summary>How errors name the script, such as "pagination script of endpoint 'list-report'".</summary>
    public string DisplayName { get; }

    /// <summary>The file name the engine gives the source: stack traces, and so error locations, refer to it.</summary>
    internal string SourceName { get; }

    internal Prepared<Script> Prepared { get; }

    /// <summary>Parses <paramref name="source"/>; a syntax error throws a <see cref="ScriptException"/> with its line and column.</summary>
    /// <param name="source">The script text.</param>
    /// <param name="displayName">How errors name the script.</param>
    /// <param name="sourceName">The file name stack traces show (the script's relative path); "script.js" when null.</param>
    public static CompiledScript Compile(string source, string displayName, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(displayName);
        var name = string.IsNullOrWhiteSpace(sourceName) ? "script.js" : sourceName;
        try
        {
            return new CompiledScript(displayName, name, Engine.PrepareScript(source, name));
        }
        catch (ScriptPreparationException e) when (e.InnerException is Acornima.ParseErrorException parse)
        {
            throw new ScriptException(ScriptFailure.Syntax, displayName, parse.Description, new ScriptLocation(parse.LineNumber, parse.Column), [], e);
        }
    }

    /// <summary>
    /// Compiles a script of the connector model: inline text, or a referenced file already read by
    /// <see cref="ReferenceLoader"/>. A file that is missing or unreadable throws a <see cref="ScriptException"/>
    /// (<see cref="ScriptFailure.NotLoaded"/>).
    /// </summary>
    public static CompiledScript FromModel(ScriptSource script, string displayName)
    {
        ArgumentNullException.ThrowIfNull(script);
        if (script.Text is { } text)
        {
            return Compile(text, displayName, script.File?.RelativePath);
        }
        var why = script.File switch
        {
            null => "it has no source",
            { Exists: false } file => $"the file '{file.RelativePath}' does not exist",
            { LoadError: { } error } file => $"the file '{file.RelativePath}' could not be read: {error}",
            var file => $"the file '{file.RelativePath}' has not been read",
        };
        throw new ScriptException(ScriptFailure.NotLoaded, displayName, why, null, []);
    }
}
