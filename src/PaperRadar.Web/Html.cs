using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace PaperRadar.Web;

/// <summary>
/// A piece of HTML. Built only from <see cref="Of"/>: literal markup plus interpolated values, and every value that is
/// not itself <see cref="Html"/> is HTML-encoded. Titles, abstracts and author names are untrusted text; with this
/// type a page cannot forget to encode one, and the compiler checks it. Written by hand because the pages are plain C#
/// (no Razor compile step, no template engine among the available packages) and this is the one piece that needs it.
/// </summary>
public readonly struct Html
{
    /// <summary>Encodes the characters that mean something in HTML (and controls); other letters stay readable.</summary>
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private readonly string? _value;

    private Html(string value) => _value = value;

    public static Html Empty => new("");

    public static Html Of([InterpolatedStringHandlerArgument] ref Builder builder) => new(builder.ToStringAndClear());

    /// <summary>Joins pieces of HTML.</summary>
    public static Html Join(IEnumerable<Html> pieces, string separator = "") =>
        new(string.Join(separator, pieces.Select(p => p.ToString())));

    /// <summary>Text whose highlighted spans are marked with <paramref name="start"/>/<paramref name="end"/>: encoded, marks as &lt;mark&gt;.</summary>
    public static Html Highlighted(string text, char start, char end)
    {
        var output = new StringBuilder(text.Length + 32);
        var open = false;
        var from = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && text[i] != start && text[i] != end)
            {
                continue;
            }
            output.Append(Encoder.Encode(text[from..i]));
            if (i < text.Length)
            {
                if (text[i] == start && !open)
                {
                    output.Append("<mark>");
                    open = true;
                }
                else if (text[i] == end && open)
                {
                    output.Append("</mark>");
                    open = false;
                }
            }
            from = i + 1;
        }
        if (open)
        {
            output.Append("</mark>");
        }
        return new Html(output.ToString());
    }

    public override string ToString() => _value ?? "";

    [InterpolatedStringHandler]
    public ref struct Builder
    {
        private StringBuilder _builder;

        public Builder(int literalLength, int formattedCount) => _builder = new StringBuilder(literalLength + formattedCount * 16);

        public readonly void AppendLiteral(string markup) => _builder.Append(markup);

        public readonly void AppendFormatted(Html html) => _builder.Append(html._value);

        public readonly void AppendFormatted(IEnumerable<Html> pieces)
        {
            foreach (var piece in pieces)
            {
                _builder.Append(piece._value);
            }
        }

        public readonly void AppendFormatted(string? text) => _builder.Append(Encoder.Encode(text ?? ""));

        public readonly void AppendFormatted<T>(T value) =>
            _builder.Append(Encoder.Encode(value switch
            {
                null => "",
                IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
                _ => value.ToString() ?? "",
            }));

        public string ToStringAndClear()
        {
            var value = _builder.ToString();
            _builder = null!;
            return value;
        }
    }
}
