using PaperRadar.Core.Model;
using PaperRadar.Core.Text;

namespace PaperRadar.Core.Readers;

/// <summary>Splits arXiv's free-text author strings into names and affiliations.</summary>
public static class AuthorListParser
{
    // PLACEHOLDER until the author-string splitter lands in this file (same session): splits on commas and " and ".
    public static IReadOnlyList<AuthorName> Parse(string authors) =>
        Whitespace.Collapse(authors).Replace(" and ", ", ", StringComparison.Ordinal)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => new AuthorName(TexText.Decode(n)))
            .ToList();
}
