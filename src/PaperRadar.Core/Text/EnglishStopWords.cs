namespace PaperRadar.Core.Text;

/// <summary>
/// English function words: they say nothing about a paper's topic. The embedder does not count them, and keyword
/// search does not require them (a query "the scaling of language models" needs "scaling", "language", "models").
/// </summary>
public static class EnglishStopWords
{
    /// <summary>Whether <paramref name="word"/> (lower case) is a function word.</summary>
    public static bool Contains(string word) => Words.Contains(word);

    private static readonly HashSet<string> Words = new(StringComparer.Ordinal)
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
