using System.Text.RegularExpressions;

namespace PaperRadar.Digests;

/// <summary>
/// Which addresses may subscribe: one plain mailbox (<c>local@domain.tld</c>), nothing a mail server could read as
/// several recipients, a route, a header or a command. Deliberately narrower than RFC 5322 (no quoted local parts,
/// comments or IP literals): a digest goes to a researcher's ordinary address, and every form left out is one an
/// abuser could use to make the site mail someone else.
/// </summary>
public static partial class EmailAddresses
{
    public const int MaxLength = 254;

    /// <summary>The address as stored: trimmed, the domain in lower case (the local part is the mailbox owner's).</summary>
    public static string Normalize(string address)
    {
        var trimmed = address.Trim();
        var at = trimmed.LastIndexOf('@');
        return at < 0 ? trimmed : trimmed[..at] + "@" + trimmed[(at + 1)..].ToLowerInvariant();
    }

    /// <summary>Why the address cannot subscribe, or null when it can.</summary>
    public static string? Validate(string? address)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            return "the address is empty";
        }
        if (address.Length > MaxLength)
        {
            return $"the address is longer than {MaxLength} characters";
        }
        if (address.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            return "the address has spaces or control characters";
        }
        if (address.Count(c => c == '@') != 1)
        {
            return "an address has exactly one @";
        }
        var at = address.IndexOf('@', StringComparison.Ordinal);
        var local = address[..at];
        var domain = address[(at + 1)..];
        if (local.Length is 0 or > 64 || !LocalPart().IsMatch(local) || local.StartsWith('.') || local.EndsWith('.') ||
            local.Contains("..", StringComparison.Ordinal))
        {
            return $"'{local}' is not a mailbox name (letters, digits and .!#$%&'*+/=?^_`{{|}}~- without leading, trailing or double dots)";
        }
        if (!domain.Contains('.', StringComparison.Ordinal) || !Domain().IsMatch(domain))
        {
            return $"'{domain}' is not an internet domain like example.org";
        }
        return null;
    }

    [GeneratedRegex(@"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+$")]
    private static partial Regex LocalPart();

    // Labels of letters, digits and inner hyphens; the last one (the top-level domain) not all digits.
    [GeneratedRegex(@"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+(?=[A-Za-z0-9-]*[A-Za-z])[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")]
    private static partial Regex Domain();
}
