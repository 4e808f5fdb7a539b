namespace PaperRadar.Core.Text;

/// <summary>Decodes TeX accents and special letters (<c>{\"o}</c> → ö) in names, titles and abstracts.</summary>
public static class TexText
{
    // PLACEHOLDER until the TeX decoder lands in this file (same session): returns the text unchanged.
    public static string Decode(string text) => text;
}
