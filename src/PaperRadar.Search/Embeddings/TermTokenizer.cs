using System.Text;
using PaperRadar.Core.Text;

namespace PaperRadar.Search.Embeddings;

/// <summary>
/// Splits text into the terms the corpus-trained embedder counts: lower-case letters and digits, accents removed,
/// English function words dropped, one-character words and bare numbers dropped; optionally also the pairs of
/// adjacent kept words ("language model") as bigram terms.
/// </summary>
public static class TermTokenizer
{
    public static List<string> Terms(string text, bool bigrams)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                if (c < 128)
                {
                    current.Append(char.ToLowerInvariant(c));
                }
                else
                {
                    AppendFolded(current, c);
                }
            }
            else
            {
                Flush();
            }
        }
        Flush();
        if (!bigrams)
        {
            return words;
        }
        var count = words.Count;
        for (var i = 0; i + 1 < count; i++)
        {
            words.Add(words[i] + " " + words[i + 1]);
        }
        return words;

        void Flush()
        {
            if (current.Length > 1 && !IsNumber(current) && !EnglishStopWords.Contains(current.ToString()))
            {
                words.Add(current.ToString());
            }
            current.Clear();
        }
    }

    private static bool IsNumber(StringBuilder word)
    {
        for (var i = 0; i < word.Length; i++)
        {
            if (!char.IsAsciiDigit(word[i]))
            {
                return false;
            }
        }
        return true;
    }

    // "é" -> "e": the same word written with and without its accent is one term.
    private static void AppendFolded(StringBuilder builder, char c) =>
        builder.Append(AccentFolding.Strip(char.ToString(char.ToLowerInvariant(c))));
}
