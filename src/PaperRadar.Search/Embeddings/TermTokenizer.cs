using System.Text;

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
            if (current.Length > 1 && !IsNumber(current) && !StopWords.Contains(current.ToString()))
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

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "about", "above", "across", "after", "again", "against", "all", "almost", "along", "already", "also",
        "although", "always", "am", "among", "an", "and", "another", "any", "are", "around", "as", "at", "be",
        "became", "because", "become", "been", "before", "being", "below", "between", "both", "but", "by", "can",
        "cannot", "could", "did", "do", "does", "doing", "done", "down", "due", "during", "each", "either", "else",
        "enough", "etc", "even", "ever", "every", "few", "for", "from", "further", "had", "has", "have", "having",
        "he", "her", "here", "hers", "him", "his", "how", "however", "i", "if", "in", "into", "is", "it", "its",
        "itself", "just", "many", "may", "me", "might", "more", "most", "much", "must", "my", "neither", "no",
        "nor", "not", "now", "of", "off", "often", "on", "once", "one", "only", "onto", "or", "other", "others",
        "otherwise", "our", "ours", "out", "over", "own", "per", "perhaps", "rather", "same", "several", "she",
        "should", "since", "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "themselves",
        "then", "there", "thereby", "therefore", "these", "they", "this", "those", "though", "through", "thus",
        "to", "too", "under", "until", "up", "upon", "us", "very", "via", "was", "we", "were", "what", "whatever",
        "when", "where", "whereas", "whether", "which", "while", "who", "whom", "whose", "why", "will", "with",
        "within", "without", "would", "yet", "you", "your", "yours",
    };
}
