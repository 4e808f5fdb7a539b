using System.Globalization;
using System.Text;
using PaperRadar.Core.Model;
using PaperRadar.Core.Text;

namespace PaperRadar.Core.Readers;

/// <summary>
/// The header of one arXiv metadata record, as listings, mailings and .abs files all write it: an id line
/// (<c>Paper: astro-ph/0001001</c>, <c>Paper (*cross-listing*): gr-qc/9912003</c>, <c>arXiv:2303.00812
/// (*cross-listing*)</c>), then <c>Name: value</c> fields folded onto indented continuation lines: From, Date,
/// Date (revised vN), "replaced with revised version DATE", Title, Authors, Categories, Comments, Report-no,
/// Journal-ref, DOI, MSC-class, ACM-class, License. Fed line by line; <see cref="Build"/> turns it into a record or
/// says why it cannot be one.
/// </summary>
/// <remarks>
/// A line that could not be read (not UTF-8, too long) loses only the field it carries, with its continuation
/// lines; the record is still accepted unless that field was the title. Real listings have Latin-1 <c>From:</c>
/// lines, and dropping a submitter is better than dropping the paper.
/// </remarks>
internal sealed class ArxivHeaderBlock
{
    private const string CrossListing = "(*cross-listing*)";
    private const string Replaced = "replaced with revised version";

    private enum Field
    {
        None,
        Ignored,
        From,
        Title,
        Authors,
        Categories,
        Comments,
        ReportNo,
        JournalRef,
        Doi,
        MscClass,
        AcmClass,
        License,
        Count,
    }

    private readonly string?[] _values = new string?[(int)Field.Count];
    private readonly StringBuilder _current = new();
    private readonly List<(int? Number, string Text)> _dates = [];
    private Field _field;
    private string? _replaced;
    private List<string>? _unreadable;

    public ArxivHeaderBlock(long startLine, string? idText, string? startText)
    {
        StartLine = startLine;
        IdText = idText;
        StartText = startText;
    }

    /// <summary>The line the record starts on: its id line, or its first field when the id line is missing.</summary>
    public long StartLine { get; }

    /// <summary>The id as written, without <c>(*cross-listing*)</c>; null when the record has no id line.</summary>
    public string? IdText { get; }

    public string? StartText { get; }

    /// <summary>
    /// Recognises a record's id line. Only the whole-line forms count, so an abstract line that happens to start
    /// with "arXiv:" followed by prose is not taken for a new record.
    /// </summary>
    public static bool TryParseStartLine(string line, out string idText)
    {
        idText = "";
        ReadOnlySpan<char> rest;
        if (line.StartsWith("arXiv:", StringComparison.Ordinal))
        {
            rest = line.AsSpan(6);
        }
        else if (line.StartsWith("Paper:", StringComparison.Ordinal))
        {
            rest = line.AsSpan(6);
        }
        else if (line.StartsWith("Paper " + CrossListing + ":", StringComparison.Ordinal))
        {
            rest = line.AsSpan(CrossListing.Length + 7);
        }
        else
        {
            return false;
        }
        rest = rest.Trim();
        if (rest.EndsWith(CrossListing, StringComparison.Ordinal))
        {
            rest = rest[..^CrossListing.Length].TrimEnd();
        }
        if (rest.IndexOfAny(' ', '\t') >= 0)
        {
            return false;
        }
        idText = rest.ToString();
        return true;
    }

    /// <summary>Whether a line opens a header field, for spotting a record whose id line is missing.</summary>
    public static bool IsFieldLine(string line) =>
        line.StartsWith("From:", StringComparison.Ordinal) || line.StartsWith("Date:", StringComparison.Ordinal) ||
        line.StartsWith("Title:", StringComparison.Ordinal) || line.StartsWith("Authors:", StringComparison.Ordinal) ||
        line.StartsWith(Replaced, StringComparison.Ordinal);

    public void Add(string line)
    {
        if (line.Length == 0 || string.IsNullOrWhiteSpace(line))
        {
            EndField(Field.None);
            return;
        }
        if (char.IsWhiteSpace(line[0]))
        {
            if (_field > Field.Ignored)
            {
                _current.Append(' ').Append(line.AsSpan().Trim());
            }
            return;
        }
        if (line.StartsWith(Replaced, StringComparison.Ordinal))
        {
            EndField(Field.Ignored);
            _replaced = line[Replaced.Length..].Trim();
            return;
        }
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        var name = colon < 0 ? "" : line.AsSpan(0, colon);
        var value = colon < 0 ? "" : line.AsSpan(colon + 1).Trim();
        if (name.StartsWith("Date", StringComparison.Ordinal) && TryDateVersion(name, out var number))
        {
            EndField(Field.Ignored);
            _dates.Add((number, value.ToString()));
            return;
        }
        var field = FieldNamed(name);
        EndField(field);
        if (field > Field.Ignored && _values[(int)field] is null)
        {
            _current.Append(value);
        }
        else
        {
            _field = Field.Ignored;   // a repeated field keeps its first value
        }
    }

    /// <summary>A line that could not be read: its field is unknown, and so are its continuation lines.</summary>
    public void AddUnreadable(long lineNumber, string error)
    {
        EndField(Field.Ignored);
        (_unreadable ??= []).Add($"line {lineNumber} could not be read ({error})");
    }

    public ReadOutcome Build(SourceLocation location, string? abstractText, DateOnly? listedOn)
    {
        EndField(Field.None);
        if (string.IsNullOrEmpty(IdText))
        {
            return ReadOutcome.Reject(location,
                "the record has no arXiv id (no 'Paper:' or 'arXiv:' line before its fields)" + UnreadableNote(),
                StartText);
        }
        if (!ArxivId.TryParse(IdText, out var id, out var idVersion, out var idError))
        {
            return ReadOutcome.Reject(location, $"invalid arXiv id: {idError}", StartText);
        }
        var title = Value(Field.Title);
        if (title is null)
        {
            return ReadOutcome.Reject(location, $"{id} has no title" + UnreadableNote(), StartText);
        }

        var versions = new List<PaperVersion>(_dates.Count);
        foreach (var (number, text) in _dates)
        {
            var versionNumber = number ?? (versions.Count == 0 ? 1 : versions.Max(v => v.Number) + 1);
            if (!TryParseDate(text, out var submitted, out var size))
            {
                return ReadOutcome.Reject(location, $"{id}: the date of v{versionNumber} is unreadable: '{text}'",
                    StartText);
            }
            if (!versions.Exists(v => v.Number == versionNumber))
            {
                versions.Add(new PaperVersion(versionNumber, submitted, size));
            }
        }
        versions.Sort((a, b) => a.Number.CompareTo(b.Number));

        DateTimeOffset? asOf = versions.Count > 0 ? versions[^1].Submitted : null;
        if (_replaced is not null)
        {
            if (!TryParseDate(_replaced, out var replacedOn, out _))
            {
                return ReadOutcome.Reject(location, $"{id}: the replacement date is unreadable: '{_replaced}'",
                    StartText);
            }
            // The mailing says a new version came but not its number; its date still says how fresh the metadata is.
            asOf = asOf is { } known && known > replacedOn ? known : replacedOn;
        }
        if (asOf is null && listedOn is { } day)
        {
            asOf = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        }
        int? version = versions.Count > 0 ? versions[^1].Number : null;
        if (idVersion is { } v && (version is null || v > version))
        {
            version = v;
        }

        var authors = Value(Field.Authors);
        return ReadOutcome.Accept(new PaperRecord
        {
            Id = id,
            Version = version,
            Title = TexText.Decode(title),
            Authors = authors is null ? [] : AuthorListParser.Parse(authors),
            Abstract = abstractText,
            Categories = Categories(),
            Comments = Value(Field.Comments),
            JournalRef = Value(Field.JournalRef),
            Doi = Value(Field.Doi),
            ReportNo = Value(Field.ReportNo),
            License = Value(Field.License),
            Submitter = Submitter(),
            MscClass = Value(Field.MscClass),
            AcmClass = Value(Field.AcmClass),
            Versions = versions,
            ListedOn = listedOn is { } listed ? [listed] : [],
            AsOf = asOf,
            Source = location,
        });
    }

    /// <summary>
    /// Reads arXiv's dates: "Sat, 1 Jan 2000 02:05:30 GMT   (29kb)", "Fri,  9 Jun 23 00:44:20 GMT", "Fri, 3 Mar 2023".
    /// The weekday is ignored (a test fixture has a wrong one; the numbers are what count); a trailing "(246kb,D)"
    /// gives the size of that version.
    /// </summary>
    public static bool TryParseDate(ReadOnlySpan<char> text, out DateTimeOffset value, out string? size)
    {
        value = default;
        size = null;
        var s = text.Trim();
        if (s.EndsWith(')'))
        {
            var open = s.LastIndexOf('(');
            if (open < 0)
            {
                return false;
            }
            var inner = s[(open + 1)..^1];
            var comma = inner.IndexOf(',');
            size = (comma < 0 ? inner : inner[..comma]).Trim().ToString();
            s = s[..open].TrimEnd();
        }
        var weekday = s.IndexOf(',');
        if (weekday is > 0 and <= 9)
        {
            s = s[(weekday + 1)..];
        }

        Span<Range> parts = stackalloc Range[6];
        var count = s.Split(parts, ' ', StringSplitOptions.RemoveEmptyEntries);
        if (count is < 3 or > 5 ||
            !int.TryParse(s[parts[0]], NumberStyles.None, CultureInfo.InvariantCulture, out var day) ||
            MonthNumber(s[parts[1]]) is not (> 0 and var month) ||
            !int.TryParse(s[parts[2]], NumberStyles.None, CultureInfo.InvariantCulture, out var year))
        {
            return false;
        }
        if (s[parts[2]].Length == 2)
        {
            year += year >= 91 ? 1900 : 2000;
        }
        var time = TimeSpan.Zero;
        if (count >= 4 && !TimeSpan.TryParseExact(s[parts[3]], ["hh\\:mm\\:ss", "hh\\:mm"], CultureInfo.InvariantCulture,
                out time))
        {
            return false;
        }
        if (count == 5 && s[parts[4]] is not ("GMT" or "UT" or "UTC"))
        {
            return false;
        }
        if (year is < 1900 or > 2200 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }
        value = new DateTimeOffset(year, month, day, 0, 0, 0, TimeSpan.Zero).Add(time);
        return true;
    }

    private static int MonthNumber(ReadOnlySpan<char> name)
    {
        ReadOnlySpan<string> months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
        for (var i = 0; i < months.Length; i++)
        {
            if (name.Equals(months[i], StringComparison.OrdinalIgnoreCase))
            {
                return i + 1;
            }
        }
        return 0;
    }

    /// <summary>"Date" is v1, "Date (revised v3)" is v3, "Date (revised)" (1992 listings) is the next version.</summary>
    private static bool TryDateVersion(ReadOnlySpan<char> name, out int? number)
    {
        number = null;
        if (name is "Date")
        {
            number = 1;
            return true;
        }
        if (name is "Date (revised)")
        {
            return true;
        }
        const string prefix = "Date (revised v";
        if (name.StartsWith(prefix, StringComparison.Ordinal) && name.EndsWith(")", StringComparison.Ordinal) &&
            int.TryParse(name[prefix.Length..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1)
        {
            number = n;
            return true;
        }
        return false;
    }

    private static Field FieldNamed(ReadOnlySpan<char> name) => name switch
    {
        "From" => Field.From,
        "Title" => Field.Title,
        "Authors" or "Author" => Field.Authors,
        "Categories" => Field.Categories,
        "Comments" => Field.Comments,
        "Report-no" => Field.ReportNo,
        "Journal-ref" => Field.JournalRef,
        "DOI" => Field.Doi,
        "MSC-class" => Field.MscClass,
        "ACM-class" => Field.AcmClass,
        "License" => Field.License,
        _ => Field.Ignored,
    };

    private void EndField(Field next)
    {
        if (_field > Field.Ignored && _values[(int)_field] is null)
        {
            _values[(int)_field] = _current.ToString();
        }
        _current.Clear();
        _field = next;
    }

    private string? Value(Field field) =>
        _values[(int)field] is { } raw && !string.IsNullOrWhiteSpace(raw) ? Whitespace.Collapse(raw) : null;

    private List<string> Categories()
    {
        var categories = new List<string>();
        foreach (var category in (Value(Field.Categories) ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!categories.Contains(category, StringComparer.Ordinal))
            {
                categories.Add(category);
            }
        }
        return categories;
    }

    /// <summary>"From: Alex Lazarian  &lt;example@example.com&gt;" is "Alex Lazarian"; an address alone is nobody.</summary>
    private string? Submitter()
    {
        var from = Value(Field.From);
        if (from is null)
        {
            return null;
        }
        var angle = from.IndexOf('<', StringComparison.Ordinal);
        var name = (angle < 0 ? from : from[..angle]).Trim();
        return name.Length == 0 ? null : TexText.Decode(name);
    }

    private string UnreadableNote() => _unreadable is null ? "" : "; " + string.Join("; ", _unreadable);
}
