using System.Text;

namespace Patchworks.Core.Importing.Curl;

/// <summary>A word of a command line and where it starts in the source (1-based line and column).</summary>
public sealed record CurlToken(string Text, int Line, int Column)
{
    public string Location => $"line {Line}, column {Column}";
}

/// <summary>
/// Splits command lines into words the way a shell would: bash (single quotes, double quotes with \ escapes,
/// $'...' strings, \ line continuations, #comments, ; && || | between commands) or Windows cmd (^ escapes and
/// ^ line continuations, double quotes). Nothing is expanded or run: $VAR stays text.
/// </summary>
public static class CurlTokenizer
{
    /// <summary>Whether the text is written for Windows cmd: ^ line continuations or ^" quoting.</summary>
    public static bool IsCmd(string text) =>
        text.Contains("^\"", StringComparison.Ordinal) || text.Contains("^\n", StringComparison.Ordinal) || text.Contains("^\r\n", StringComparison.Ordinal);

    /// <summary>The commands of the text, each a list of words.</summary>
    public static List<List<CurlToken>> Split(string text)
    {
        var lines = new Text.LineIndex(text);
        return IsCmd(text) ? SplitCmd(text, lines) : SplitBash(text, lines);
    }

    private static CurlToken Token(StringBuilder word, int start, Text.LineIndex lines)
    {
        var position = lines.GetPosition(start);
        return new CurlToken(word.ToString(), position.Line + 1, position.Character + 1);
    }

    private static List<List<CurlToken>> SplitBash(string text, Text.LineIndex lines)
    {
        var commands = new List<List<CurlToken>>();
        var current = new List<CurlToken>();
        var word = new StringBuilder();
        var inWord = false;
        var start = 0;
        var i = 0;

        void EndWord()
        {
            if (inWord)
            {
                current.Add(Token(word, start, lines));
                word.Clear();
                inWord = false;
            }
        }

        void EndCommand()
        {
            EndWord();
            if (current.Count > 0)
            {
                commands.Add(current);
                current = [];
            }
        }

        void Begin()
        {
            if (!inWord)
            {
                inWord = true;
                start = i;
            }
        }

        while (i < text.Length)
        {
            var c = text[i];
            switch (c)
            {
                case '\\' when i + 1 < text.Length && text[i + 1] is '\n':
                    i += 2;
                    continue;
                case '\\' when i + 2 < text.Length && text[i + 1] == '\r' && text[i + 2] == '\n':
                    i += 3;
                    continue;
                case ' ' or '\t':
                    EndWord();
                    i++;
                    continue;
                case '\n' or '\r' or ';':
                    EndCommand();
                    i++;
                    continue;
                case '&' or '|':
                    EndCommand();
                    while (i < text.Length && text[i] is '&' or '|')
                    {
                        i++;
                    }
                    continue;
                case '#' when !inWord:
                    while (i < text.Length && text[i] != '\n')
                    {
                        i++;
                    }
                    continue;
                case '\\':
                    Begin();
                    if (i + 1 < text.Length)
                    {
                        word.Append(text[i + 1]);
                    }
                    i += 2;
                    continue;
                case '\'':
                    Begin();
                    i++;
                    while (i < text.Length && text[i] != '\'')
                    {
                        word.Append(text[i++]);
                    }
                    i++;
                    continue;
                case '$' when i + 1 < text.Length && text[i + 1] == '\'':
                    Begin();
                    i += 2;
                    while (i < text.Length && text[i] != '\'')
                    {
                        if (text[i] == '\\' && i + 1 < text.Length)
                        {
                            word.Append(text[i + 1] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', var other => other });
                            i += 2;
                            continue;
                        }
                        word.Append(text[i++]);
                    }
                    i++;
                    continue;
                case '"':
                    Begin();
                    i++;
                    while (i < text.Length && text[i] != '"')
                    {
                        if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\' or '$' or '`')
                        {
                            word.Append(text[i + 1]);
                            i += 2;
                            continue;
                        }
                        if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] == '\n')
                        {
                            i += 2;
                            continue;
                        }
                        word.Append(text[i++]);
                    }
                    i++;
                    continue;
                default:
                    Begin();
                    word.Append(c);
                    i++;
                    continue;
            }
        }
        EndCommand();
        return commands;
    }

    private static List<List<CurlToken>> SplitCmd(string text, Text.LineIndex lines)
    {
        // First what cmd does: ^x is x, ^ at a line end continues the line, a line end or & ends a command.
        var chars = new List<(char C, int Offset)>();
        var commandEnds = new List<int>();
        var cmdQuoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!cmdQuoted && c == '^' && i + 1 < text.Length)
            {
                if (text[i + 1] is '\n' or '\r')
                {
                    i += text[i + 1] == '\r' && i + 2 < text.Length && text[i + 2] == '\n' ? 2 : 1;
                    continue;
                }
                chars.Add((text[i + 1], i));
                i++;
                continue;
            }
            if (c == '"')
            {
                cmdQuoted = !cmdQuoted;
            }
            if (!cmdQuoted && c is '\n' or '\r' or '&')
            {
                commandEnds.Add(chars.Count);
                chars.Add(('\n', i));
                continue;
            }
            chars.Add((c, i));
        }

        // Then what the program's argument parser does: quotes group, \" is a quote, "" in quotes is a quote.
        var commands = new List<List<CurlToken>>();
        var current = new List<CurlToken>();
        var word = new StringBuilder();
        var inWord = false;
        var quoted = false;
        var start = 0;
        for (var i = 0; i < chars.Count; i++)
        {
            var (c, offset) = chars[i];
            if (!quoted && c is ' ' or '\t' or '\n')
            {
                if (inWord)
                {
                    current.Add(Token(word, start, lines));
                    word.Clear();
                    inWord = false;
                }
                if (c == '\n' && current.Count > 0)
                {
                    commands.Add(current);
                    current = [];
                }
                continue;
            }
            if (!inWord)
            {
                inWord = true;
                start = offset;
            }
            if (c == '\\')
            {
                var slashes = 0;
                while (i + slashes < chars.Count && chars[i + slashes].C == '\\')
                {
                    slashes++;
                }
                if (i + slashes < chars.Count && chars[i + slashes].C == '"')
                {
                    word.Append('\\', slashes / 2);
                    if (slashes % 2 == 1)
                    {
                        word.Append('"');
                        i += slashes;
                    }
                    else
                    {
                        i += slashes - 1;
                    }
                    continue;
                }
                word.Append('\\', slashes);
                i += slashes - 1;
                continue;
            }
            if (c == '"')
            {
                if (quoted && i + 1 < chars.Count && chars[i + 1].C == '"')
                {
                    word.Append('"');
                    i++;
                    continue;
                }
                quoted = !quoted;
                continue;
            }
            word.Append(c);
        }
        if (inWord)
        {
            current.Add(Token(word, start, lines));
        }
        if (current.Count > 0)
        {
            commands.Add(current);
        }
        return commands;
    }
}
