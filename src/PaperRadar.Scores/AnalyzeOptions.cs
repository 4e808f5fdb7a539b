namespace PaperRadar.Scores;

/// <summary>The settings of <c>paperradar analyze</c> (docs/scores.md explains each).</summary>
public sealed record AnalyzeOptions
{
    /// <summary>How many nearest earlier papers novelty averages over.</summary>
    public int Neighbours { get; init; } = 10;

    /// <summary>A paper gets a novelty only when the store holds at least this many papers from before it.</summary>
    public int MinimumEarlierPapers { get; init; } = 100;

    /// <summary>
    /// ...and only when the store's papers begin at least this many days before it: against a store's first weeks
    /// every paper looks far from what came before, because little came before.
    /// </summary>
    public int MinimumHistoryDays { get; init; } = 30;

    /// <summary>Percentiles are taken in the narrowest peer group (category, then archive, then all) with this many papers.</summary>
    public int MinimumPeerGroup { get; init; } = 30;

    /// <summary>Citations count towards a paper's outcome when they come within this many years of it.</summary>
    public int HorizonYears { get; init; } = 3;

    /// <summary>A field has outcomes when at least this many of its papers take part in a citation (or have upvotes).</summary>
    public int MinimumPapersWithOutcomes { get; init; } = 200;

    /// <summary>How many factors each impact score lists.</summary>
    public int FactorsShown { get; init; } = 3;
}

/// <summary>Where an analysis is: a step's name and, for long steps, how far it got.</summary>
public sealed record AnalyzeProgress(string Step, long Done, long Total);
