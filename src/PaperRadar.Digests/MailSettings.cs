using System.Globalization;
using MailKit.Security;
using MimeKit;

namespace PaperRadar.Digests;

/// <summary>How the connection to the mail server is secured.</summary>
public enum SmtpTls
{
    /// <summary>Plain text (a relay on the same machine; tests).</summary>
    None,

    /// <summary>Plain connection upgraded with STARTTLS, which the server must offer.</summary>
    StartTls,

    /// <summary>TLS from the first byte (SMTPS, port 465).</summary>
    Tls,
}

/// <summary>
/// The mail server, from a URL <c>smtp://[user[:password]@]host[:port][?tls=none|starttls|tls]</c>. The password is
/// kept for logging in and never shown: <see cref="ToString"/> leaves it out.
/// </summary>
public sealed record SmtpSettings(string Host, int Port, SmtpTls Tls, string? User, string? Password)
{
    public const string Variable = "PAPERRADAR_SMTP";

    public SecureSocketOptions SocketOptions => Tls switch
    {
        SmtpTls.None => SecureSocketOptions.None,
        SmtpTls.StartTls => SecureSocketOptions.StartTls,
        _ => SecureSocketOptions.SslOnConnect,
    };

    /// <summary>The URL without the password (for logs and messages).</summary>
    public override string ToString() =>
        $"smtp://{(User is null ? "" : Uri.EscapeDataString(User) + (Password is null ? "" : ":***") + "@")}{Host}:{Port}?tls={Tls.ToString().ToLowerInvariant()}";

    /// <summary>Reads the URL; <paramref name="origin"/> names where it came from for the error message.</summary>
    public static SmtpSettings Parse(string url, string origin = "--smtp")
    {
        // The error never repeats the URL: it may hold a password.
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("smtp" or "smtps") || uri.Host.Length == 0)
        {
            throw new ArgumentException($"{origin} is not a mail server URL; write smtp://[user[:password]@]host[:port][?tls=none|starttls|tls]");
        }
        if (uri.AbsolutePath is not ("" or "/") || uri.Fragment.Length > 0)
        {
            throw new ArgumentException($"{origin}: a mail server URL has no path; write smtp://[user[:password]@]host[:port][?tls=none|starttls|tls]");
        }
        var tls = uri.Scheme == "smtps" ? SmtpTls.Tls : uri.Port == 465 ? SmtpTls.Tls : SmtpTls.StartTls;
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, value) = pair.Split('=', 2) is [var k, var v] ? (k, v) : (pair, "");
            if (key != "tls")
            {
                throw new ArgumentException($"{origin}: unknown setting '{key}' (the only one is tls=none|starttls|tls)");
            }
            tls = value.ToLowerInvariant() switch
            {
                "none" => SmtpTls.None,
                "starttls" => SmtpTls.StartTls,
                "tls" => SmtpTls.Tls,
                _ => throw new ArgumentException($"{origin}: tls={value} is not one of none, starttls, tls"),
            };
        }
        var port = uri.IsDefaultPort || uri.Port <= 0 ? tls switch { SmtpTls.Tls => 465, SmtpTls.StartTls => 587, _ => 25 } : uri.Port;
        string? user = null, password = null;
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            user = Uri.UnescapeDataString(parts[0]);
            password = parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : null;
        }
        return new SmtpSettings(uri.IdnHost, port, tls, user, password);
    }
}

/// <summary>Everything mail needs: the server, the sender address, and the site's address for links in mails.</summary>
public sealed record MailSettings(SmtpSettings Smtp, MailboxAddress From, Uri PublicUrl)
{
    public const string FromVariable = "PAPERRADAR_MAIL_FROM";
    public const string PublicUrlVariable = "PAPERRADAR_PUBLIC_URL";

    /// <summary>The host name that makes Message-IDs unique to this site.</summary>
    public string MessageIdDomain => PublicUrl.IdnHost;

    /// <summary>An absolute link to a path of the site.</summary>
    public string Link(string pathAndQuery) => new Uri(PublicUrl, pathAndQuery.TrimStart('/')).AbsoluteUri;

    /// <summary>
    /// The settings from the options given, else the environment; null when no mail server is configured at all.
    /// A server without a sender or a public address is an error that says which is missing.
    /// </summary>
    public static MailSettings? Resolve(string? smtpOption, string? fromOption, string? publicUrlOption)
    {
        var (smtp, smtpOrigin) = Pick(smtpOption, "--smtp", SmtpSettings.Variable);
        if (smtp is null)
        {
            return null;
        }
        var (from, fromOrigin) = Pick(fromOption, "--mail-from", FromVariable);
        var (publicUrl, urlOrigin) = Pick(publicUrlOption, "--public-url", PublicUrlVariable);
        if (from is null)
        {
            throw new ArgumentException($"a mail server is set ({smtpOrigin}) but no sender address: give --mail-from or {FromVariable}");
        }
        if (publicUrl is null)
        {
            throw new ArgumentException($"a mail server is set ({smtpOrigin}) but not the site's address for the links in mails: give --public-url or {PublicUrlVariable}");
        }
        return new MailSettings(SmtpSettings.Parse(smtp, smtpOrigin), ParseFrom(from, fromOrigin), ParsePublicUrl(publicUrl, urlOrigin));
    }

    public static MailboxAddress ParseFrom(string text, string origin) =>
        MailboxAddress.TryParse(text, out var address) && EmailAddresses.Validate(address.Address) is null
            ? address
            : throw new ArgumentException($"{origin} '{text}' is not a sender address like 'PaperRadar <digests@example.org>'");

    public static Uri ParsePublicUrl(string text, string origin)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Query.Length > 0)
        {
            throw new ArgumentException($"{origin} '{text}' is not the site's address, like https://papers.example.org/");
        }
        // A base without a trailing slash would drop its last segment when links are resolved against it.
        return uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }

    private static (string? Value, string Origin) Pick(string? option, string optionName, string variable) =>
        option is not null
            ? (option, optionName)
            : Environment.GetEnvironmentVariable(variable) is { Length: > 0 } configured ? (configured, variable) : (null, variable);

    /// <summary>The form of dates in mails (culture-independent).</summary>
    internal static string Day(DateOnly day) => day.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
}
