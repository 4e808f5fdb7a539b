namespace PaperRadar.Search.Vectors;

/// <summary>
/// Parameters of an <see cref="HnswIndex"/>, named as in Malkov and Yashunin (2018). The defaults are the paper's
/// recommended range for vectors of a few hundred dimensions.
/// </summary>
public sealed record HnswOptions
{
    /// <summary>Links a node keeps on each layer above 0 (M); layer 0 keeps twice as many (M0 = 2M).</summary>
    public int M { get; init; } = 16;

    /// <summary>Candidates gathered while inserting a node (efConstruction): higher builds slower and recalls more.</summary>
    public int EfConstruction { get; init; } = 200;

    /// <summary>The default size of the candidate list while searching (ef); a search uses at least k.</summary>
    public int EfSearch { get; init; } = 64;

    /// <summary>Seeds the level draws, so that a build over the same vectors gives the same graph.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>
    /// Threads the build may use (-1: every core). The graph does not depend on it: nodes are inserted in batches
    /// whose searches run in parallel against the graph as it stood before the batch (see <see cref="HnswIndex"/>).
    /// </summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(M, 2, nameof(M));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(M, HnswIndex.MaxM, nameof(M));
        ArgumentOutOfRangeException.ThrowIfLessThan(EfConstruction, 1, nameof(EfConstruction));
        ArgumentOutOfRangeException.ThrowIfLessThan(EfSearch, 1, nameof(EfSearch));
        if (MaxDegreeOfParallelism is 0 or < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "-1 (every core) or at least 1");
        }
    }
}
