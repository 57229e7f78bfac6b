using System.Globalization;
using System.Text;

namespace Patchworks.Core.Text;

/// <summary>
/// Makes text from a user's file safe to print: control characters become \u escapes, so a broken or hostile
/// file cannot send terminal escape sequences through a message.
/// </summary>
public static class PrintableText
{
    public static string Escape(string text, bool keepLineBreaks = false)
    {
        var i = 0;
        while (i < text.Length && !NeedsEscape(text[i], keepLineBreaks))
        {
            i++;
        }
        if (i == text.Length)
        {
            return text;
        }
        var builder = new StringBuilder(text.Length + 16).Append(text, 0, i);
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (NeedsEscape(c, keepLineBreaks))
            {
                builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }

    private static bool NeedsEscape(char c, bool keepLineBreaks) =>
        char.IsControl(c) && !(keepLineBreaks && c is '\n' or '\r' or '\t') || c is '\u2028' or '\u2029';
}
