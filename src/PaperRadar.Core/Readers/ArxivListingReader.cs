using System.Text;
using PaperRadar.Core.IO;
using PaperRadar.Core.Model;
using PaperRadar.Core.Text;

namespace PaperRadar.Core.Readers;

/// <summary>
/// arXiv's listing files: monthly listings (<c>astro-ph/listings/0001.gz</c>, no abstracts) and the per-day mailings
/// (<c>new.*</c>, <c>pastweek.*</c>), which add an abstract after the header and a trailer
/// <c>\\ ( https://arxiv.org/abs/ID ,  14kb)</c>. Records are separated by <c>\\</c> and dashed lines; see
/// <see cref="ArxivHeaderBlock"/> for the header itself.
/// </summary>
/// <remarks>
/// A mailing's listing day is its own <c>Date:</c> header (before the first record) or, in a past-week mailing, the
/// <c>/* Fri, 3 Mar 2023 */</c> marker above the day's records; monthly listings have none. A replacement
/// ("replaced with revised version DATE") names no version number, so such a record has no version, only its date.
/// </remarks>
public sealed class ArxivListingReader(LineReader? lines = null) : IPaperReader
{
    public const string FormatName = "arxiv-listing";

    private readonly LineReader _lines = lines ?? new LineReader();

    public string Format => FormatName;

    public IEnumerable<ReadOutcome> Read(Stream stream, string sourcePath, CancellationToken cancellationToken = default) =>
        ReadRecords(_lines, stream, sourcePath, Format, cancellationToken);

    /// <summary>The record loop, shared with the .abs reader: an .abs file is a one-record listing with an abstract.</summary>
    internal static IEnumerable<ReadOutcome> ReadRecords(LineReader lines, Stream stream, string sourcePath, string format,
        CancellationToken cancellationToken)
    {
        var scanner = new Scanner(sourcePath, format);
        foreach (var line in lines.ReadLines(stream, cancellationToken))
        {
            if (scanner.Feed(line) is { } outcome)
            {
                yield return outcome;
            }
            if (line.EndsFile)
            {
                yield break;
            }
        }
        if (scanner.Finish() is { } last)
        {
            yield return last;
        }
    }

    private enum State
    {
        /// <summary>Between records: preamble, separators, section rules, day markers, footer.</summary>
        Outside,
        Header,

        /// <summary>Just after the <c>\\</c> that ends a header: an abstract or the end of the record follows.</summary>
        AfterHeader,
        Abstract,
    }

    private sealed class Scanner(string sourcePath, string format)
    {
        private readonly StringBuilder _abstract = new();
        private State _state = State.Outside;
        private ArxivHeaderBlock? _record;
        private bool _inPreamble = true;
        private bool _afterSeparator;
        private bool _abstractDamaged;

        /// <summary>An abstract line that is just <c>\\</c>: the end of the abstract, or a TeX line break in it.</summary>
        private bool _pendingBreak;

        private DateOnly? _listingDay;

        public ReadOutcome? Feed(SourceLine line)
        {
            if (!line.IsValid)
            {
                return FeedUnreadable(line);
            }
            var text = line.Text!;
            if (ArxivHeaderBlock.TryParseStartLine(text, out var idText))
            {
                var finished = Finish();
                _record = new ArxivHeaderBlock(line.Number, idText, text);
                _state = State.Header;
                return finished;
            }
            switch (_state)
            {
                case State.Outside:
                    FeedOutside(line.Number, text);
                    return null;
                case State.Header:
                    if (!text.StartsWith(@"\\", StringComparison.Ordinal))
                    {
                        _record!.Add(text);
                        return null;
                    }
                    if (text.AsSpan(2).Trim().IsEmpty)
                    {
                        _state = State.AfterHeader;
                        return null;
                    }
                    return Finish();   // a trailer right after the header: a replacement has no abstract
                case State.AfterHeader:
                    if (IsRule(text) || text.StartsWith(@"\\", StringComparison.Ordinal))
                    {
                        return Finish();
                    }
                    _state = State.Abstract;
                    _abstract.Append(text).Append('\n');
                    return null;
                default:
                    return FeedAbstract(text);
            }
        }

        public ReadOutcome? Finish()
        {
            if (_record is null)
            {
                return null;
            }
            string? abstractText = null;
            if (!_abstractDamaged && _abstract.Length > 0)
            {
                abstractText = Whitespace.NullIfBlank(TexText.Decode(Whitespace.UnwrapParagraphs(_abstract.ToString())));
            }
            var outcome = _record.Build(Location(_record.StartLine), abstractText, _listingDay);
            _record = null;
            _abstract.Clear();
            _abstractDamaged = false;
            _pendingBreak = false;
            _afterSeparator = false;
            _state = State.Outside;
            return outcome;
        }

        private ReadOutcome? FeedUnreadable(SourceLine line)
        {
            if (line.EndsFile)
            {
                if (_record is null)
                {
                    return ReadOutcome.Reject(Location(line.Number), line.Error!);
                }
                var location = Location(_record.StartLine);
                _record = null;
                return ReadOutcome.Reject(location,
                    $"the file is damaged at line {line.Number}, inside this record: {line.Error}");
            }
            switch (_state)
            {
                case State.Header:
                    _record!.AddUnreadable(line.Number, line.Error!);
                    return null;
                case State.AfterHeader or State.Abstract:
                    _state = State.Abstract;
                    _pendingBreak = false;
                    _abstractDamaged = true;
                    return null;
                default:
                    // Outside a record it may have been a record's id line: say so rather than lose it quietly.
                    return ReadOutcome.Reject(Location(line.Number), $"{line.Error}; the line is skipped");
            }
        }

        private void FeedOutside(long number, string text)
        {
            if (text.StartsWith(@"\\", StringComparison.Ordinal))
            {
                _afterSeparator = true;
                _inPreamble = false;
                return;
            }
            if (_inPreamble && text.StartsWith("Date:", StringComparison.Ordinal))
            {
                if (ArxivHeaderBlock.TryParseDate(text.AsSpan(5), out var mailed, out _))
                {
                    _listingDay = DateOnly.FromDateTime(mailed.UtcDateTime);
                }
                return;
            }
            if (text.StartsWith("/*", StringComparison.Ordinal) && text.EndsWith("*/", StringComparison.Ordinal))
            {
                if (ArxivHeaderBlock.TryParseDate(text.AsSpan(2, text.Length - 4), out var day, out _))
                {
                    _listingDay = DateOnly.FromDateTime(day.UtcDateTime);
                }
                return;
            }
            if (_afterSeparator && ArxivHeaderBlock.IsFieldLine(text))
            {
                _record = new ArxivHeaderBlock(number, null, text);
                _record.Add(text);
                _state = State.Header;
                return;
            }
            if (!string.IsNullOrWhiteSpace(text))
            {
                _afterSeparator = false;
            }
        }

        private ReadOutcome? FeedAbstract(string text)
        {
            if (_pendingBreak)
            {
                if (IsRule(text))
                {
                    return Finish();
                }
                _pendingBreak = false;
                _abstract.Append(@"\\").Append('\n');
            }
            if (text.StartsWith(@"\\", StringComparison.Ordinal))
            {
                if (text.AsSpan(2).Trim().IsEmpty)
                {
                    _pendingBreak = true;
                    return null;
                }
                return Finish();   // the trailer "\\ ( https://arxiv.org/abs/ID , 14kb)"
            }
            _abstract.Append(text).Append('\n');
            return null;
        }

        /// <summary>Dashed rules and the "%-%-%" section rules of mailings.</summary>
        private static bool IsRule(string text)
        {
            if (text.Length < 4)
            {
                return false;
            }
            foreach (var c in text)
            {
                if (c is not ('-' or '%'))
                {
                    return false;
                }
            }
            return true;
        }

        private SourceLocation Location(long line) => new(sourcePath, line, format);
    }
}
