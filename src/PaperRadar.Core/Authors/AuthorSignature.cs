namespace PaperRadar.Core.Authors;

/// <summary>
/// One paper-author link as disambiguation sees it: who is named where, and what the paper says about them.
/// Build it from any source (the store, S2AND files, a reader's records); only <see cref="Id"/>,
/// <see cref="PaperId"/> and <see cref="Name"/> are required.
/// </summary>
public sealed record AuthorSignature
{
    /// <summary>Unique among the signatures of one run (e.g. "2401.00001#3").</summary>
    public required string Id { get; init; }

    public required string PaperId { get; init; }

    /// <summary>The author's place in the paper's author list, from 0.</summary>
    public int Position { get; init; }

    /// <summary>The name as written on the paper; see <see cref="PersonName.Parse"/>.</summary>
    public required PersonName Name { get; init; }

    /// <summary>The affiliations as written.</summary>
    public IReadOnlyList<string> Affiliations { get; init; } = [];

    /// <summary>The other authors of the paper as written (the author themself may be included; it is ignored).</summary>
    public IReadOnlyList<string> CoAuthors { get; init; } = [];

    /// <summary>Where the paper belongs: arXiv categories ("cs.LG") and/or the venue ("ACL").</summary>
    public IReadOnlyList<string> Venues { get; init; } = [];

    public int? Year { get; init; }

    /// <summary>Words of the title and abstract, for topic similarity when no <see cref="TopicVector"/> is given.</summary>
    public IReadOnlyList<string> TopicTerms { get; init; } = [];

    /// <summary>A semantic vector of the paper (any dimension, the same for all signatures), preferred over terms.</summary>
    public ReadOnlyMemory<float> TopicVector { get; init; }

    /// <summary>An identifier of the person that always wins: an ORCID, an arXiv author id, a profile id.</summary>
    public string? KnownIdentifier { get; init; }
}

/// <summary>A user's correction: two signatures are (or are not) the same person. Corrections always win.</summary>
/// <param name="Reason">What the evidence of both signatures says after "user correction: " (default: "same person as
/// …" / "not the person of …"); a stored fact names itself here, said once however many pairs it makes.</param>
public sealed record AuthorCorrection(string SignatureId, string OtherSignatureId, bool SamePerson, string? Reason = null)
{
    public static AuthorCorrection Same(string signatureId, string otherSignatureId, string? reason = null) =>
        new(signatureId, otherSignatureId, true, reason);

    public static AuthorCorrection Different(string signatureId, string otherSignatureId, string? reason = null) =>
        new(signatureId, otherSignatureId, false, reason);
}

/// <summary>One signature as attributed to a person, how sure the attribution is, and why it was made.</summary>
/// <param name="Confidence">From 0 to 1: how likely the signature belongs to this person rather than another.</param>
/// <param name="Evidence">Human-readable reasons ("shares co-author Jie Tang on 3 papers", "same affiliation: Tsinghua University").</param>
public sealed record AttributedSignature(string SignatureId, double Confidence, IReadOnlyList<string> Evidence);

/// <summary>One person found: the signatures attributed to them.</summary>
/// <param name="Id">Deterministic: the block and the smallest signature id ("y liu/2401.00001#3").</param>
/// <param name="Block">The name block (<see cref="PersonName.BlockKey"/>).</param>
/// <param name="Name">The most complete form of the name seen in the cluster.</param>
public sealed record AuthorCluster(string Id, string Block, PersonName Name, IReadOnlyList<AttributedSignature> Signatures);

/// <summary>The people found in a set of signatures, each signature in exactly one cluster.</summary>
public sealed record DisambiguationResult(IReadOnlyList<AuthorCluster> Clusters)
{
    /// <summary>Signature id → cluster id.</summary>
    public IReadOnlyDictionary<string, string> ClusterOfSignature() =>
        Clusters.SelectMany(c => c.Signatures.Select(s => (s.SignatureId, c.Id)))
            .ToDictionary(p => p.SignatureId, p => p.Id, StringComparer.Ordinal);
}
