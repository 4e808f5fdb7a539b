namespace PaperRadar.Core.Authors;

/// <summary>How the given names of two names in one block relate.</summary>
public enum GivenNameMatch
{
    /// <summary>They cannot be one person: "Yang" and "Yi", "Jean Pierre" and "Jean Paul".</summary>
    Incompatible,

    /// <summary>One could be the other written shorter: "Y." and "Yang", "Alexander" and "Alexander J.".</summary>
    Compatible,

    /// <summary>The same given names ("Zhiyuan" and "Zhi-Yuan" included).</summary>
    Same,
}

/// <summary>Compares given names of names in the same block.</summary>
public static class GivenNames
{
    /// <summary>
    /// Same when the names are equal (or equal once joined: "zhi yuan" and "zhiyuan"); compatible when every name
    /// the two both have agrees (an initial agrees with a name starting with its letter) and the shorter merely
    /// lacks the rest; incompatible otherwise. Symmetric. An absent given name is compatible with any.
    /// </summary>
    public static GivenNameMatch Compare(string given, string otherGiven)
    {
        if (given.Length == 0 || otherGiven.Length == 0)
        {
            return given.Length == otherGiven.Length ? GivenNameMatch.Same : GivenNameMatch.Compatible;
        }
        if (given == otherGiven)
        {
            return GivenNameMatch.Same;
        }
        var tokens = given.Split(' ');
        var otherTokens = otherGiven.Split(' ');
        if (tokens[0].Length > 1 && otherTokens[0].Length > 1
            && string.Concat(tokens) == string.Concat(otherTokens))
        {
            return GivenNameMatch.Same;
        }
        for (var i = 0; i < Math.Min(tokens.Length, otherTokens.Length); i++)
        {
            var (a, b) = (tokens[i], otherTokens[i]);
            var agree = a.Length == 1 || b.Length == 1 ? a[0] == b[0] : a == b;
            if (!agree)
            {
                return GivenNameMatch.Incompatible;
            }
        }
        return GivenNameMatch.Compatible;
    }
}
