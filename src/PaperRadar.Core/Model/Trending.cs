namespace PaperRadar.Core.Model;

/// <summary>
/// How trending papers are ranked (README, "Trending"): attention divided by age, so a paper needs more attention
/// the older it gets — the rule news aggregators use (Hacker News ranks by points over age to the power 1.8).
/// <code>score = (1 + upvotes + 3 × citations) / (age in days + 2) ^ 1.5</code>
/// Age counts from the later of the day the paper first appeared and the day a community site featured it, to the
/// last day of the window. Upvotes come from Hugging Face daily papers where imported; citations count 3 each (one
/// citation is rarer than one upvote); with neither known, recency alone ranks.
/// </summary>
public static class Trending
{
    public const double CitationWeight = 3;

    public const double Gravity = 1.5;

    public static double Score(int upvotes, int citations, DateOnly since, DateOnly windowEnd)
    {
        var age = Math.Max(0, windowEnd.DayNumber - since.DayNumber);
        return (1 + upvotes + CitationWeight * citations) / Math.Pow(age + 2, Gravity);
    }
}
