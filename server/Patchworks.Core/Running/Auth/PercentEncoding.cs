using System.Text;

namespace Patchworks.Core.Running.Auth;

/// <summary>
/// RFC 3986 percent-encoding as OAuth needs it (RFC 5849 section 3.6): UTF-8 bytes, only the unreserved set
/// (ALPHA, DIGIT, "-", ".", "_", "~") left as is, upper-case hex. <see cref="Uri.EscapeDataString(string)"/> is
/// close, but its output has changed between framework versions, and a signature must not depend on that.
/// </summary>
public static class PercentEncoding
{
    /// <summary>Percent-encodes everything but the RFC 3986 unreserved characters.</summary>
    public static string Encode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var bytes = Encoding.UTF8.GetBytes(value);
        var builder = new StringBuilder(bytes.Length * 3);
        foreach (var b in bytes)
        {
            if (IsUnreserved(b))
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(HexDigits[b >> 4]).Append(HexDigits[b & 0xF]);
            }
        }
        return builder.ToString();
    }

    /// <summary>
    /// Decodes %XX sequences as UTF-8. With <paramref name="plusIsSpace"/> a "+" is a space, as in
    /// application/x-www-form-urlencoded query strings and bodies. A "%" not followed by two hex digits stays as it is:
    /// query strings in the wild are not always well formed, and refusing them would make a request unsignable.
    /// </summary>
    public static string Decode(string value, bool plusIsSpace)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.IndexOf('%', StringComparison.Ordinal) < 0 && !(plusIsSpace && value.Contains('+', StringComparison.Ordinal)))
        {
            return value;
        }
        var bytes = new List<byte>(value.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '%' && i + 2 < value.Length && IsHex(value[i + 1]) && IsHex(value[i + 2]))
            {
                bytes.Add((byte)((HexValue(value[i + 1]) << 4) | HexValue(value[i + 2])));
                i += 2;
            }
            else if (c == '+' && plusIsSpace)
            {
                bytes.Add((byte)' ');
            }
            else if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                var count = Encoding.UTF8.GetBytes(value.AsSpan(i, 2), utf8);
                AddAll(bytes, utf8[..count]);
                i++;
            }
            else
            {
                var count = Encoding.UTF8.GetBytes(value.AsSpan(i, 1), utf8);
                AddAll(bytes, utf8[..count]);
            }
        }
        return Encoding.UTF8.GetString([.. bytes]);
    }

    private static void AddAll(List<byte> bytes, ReadOnlySpan<byte> more)
    {
        foreach (var b in more)
        {
            bytes.Add(b);
        }
    }

    private const string HexDigits = "0123456789ABCDEF";

    private static bool IsUnreserved(byte b) =>
        b is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9'
            or (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~';

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
