using Patchworks.Core.Text;

namespace Patchworks.Cli.Output;

/// <summary>Escapes control characters of every line written (values come from files, the command line and APIs).</summary>
internal sealed class PrintableWriter(TextWriter inner) : TextWriter
{
    public override System.Text.Encoding Encoding => inner.Encoding;

    public override void Write(char value) => inner.Write(value);

    public override void WriteLine(string? value) => inner.WriteLine(PrintableText.Escape(value ?? ""));

    public override void WriteLine() => inner.WriteLine();
}
