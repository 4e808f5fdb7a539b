namespace PaperRadar.Search.Embeddings;

/// <summary>
/// Turns a paper's text (or a query) into a unit-length vector. Implementations: <c>LsaEmbedder</c>, trained on the
/// store's own corpus (the default), and <c>OnnxEmbedder</c>, a sentence-embedding model the user points at.
/// </summary>
public interface ITextEmbedder
{
    /// <summary>Names the embedder and its trained state, e.g. "lsa-256:3f2a..." — vectors made by another name are stale.</summary>
    string Name { get; }

    int Dimensions { get; }

    /// <summary>Writes the unit-length embedding of <paramref name="text"/> into <paramref name="destination"/>.</summary>
    void Embed(string text, Span<float> destination);
}
