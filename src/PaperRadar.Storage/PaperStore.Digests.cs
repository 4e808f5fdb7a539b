using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;

namespace PaperRadar.Storage;

/// <summary>What a subscription follows.</summary>
public enum SubscriptionKind
{
    /// <summary>A saved search in the search syntax (<c>diffusion cat:cs.CV</c>).</summary>
    Search,

    /// <summary>An author, by name.</summary>
    Author,

    /// <summary>An arXiv category (<c>cs.CL</c>) or archive (<c>cs</c>).</summary>
    Category,

    /// <summary>The trending papers.</summary>
    Trending,

    /// <summary>Papers like a small library of papers (a relevance model trained on it).</summary>
    Like,
}

public enum DigestFrequency
{
    Daily,
    Weekly,
}

/// <summary>One address following one thing. Only a confirmed subscription that was not cancelled gets digests.</summary>
public sealed record Subscription(
    long Id, string Email, SubscriptionKind Kind, string Target, DigestFrequency Frequency, DateTimeOffset CreatedAt,
    DateTimeOffset? ConfirmedAt, DateTimeOffset? UnsubscribedAt, string? LastPeriod, DateOnly? CoveredThrough)
{
    public bool IsActive => ConfirmedAt is not null && UnsubscribedAt is null;
}

/// <summary>What using a single-use token found.</summary>
public enum TokenUse
{
    Accepted,
    Unknown,
    Expired,
    AlreadyUsed,
}

/// <summary>The states of an outbox message.</summary>
public static class OutboxStatus
{
    /// <summary>Recorded, not yet sent (new, or waiting for its next attempt after a failure).</summary>
    public const string Pending = "pending";

    /// <summary>
    /// A sender claimed it and has not yet handed the whole message to the mail server (or died before it had: see
    /// <see cref="OutboxMessage.ClaimedBy"/>). The server cannot have accepted it, so a dead sender's claim is sent again.
    /// </summary>
    public const string Sending = "sending";

    /// <summary>
    /// The whole message was handed to the mail server and its answer was never read (the sender died, or the
    /// connection broke first): the server may have accepted it. Never sent again by itself; an operator resends it
    /// or marks it sent (<see cref="OutboxMessage.TransmittedAt"/> says since when).
    /// </summary>
    public const string InDoubt = "in-doubt";

    /// <summary>The mail server accepted it.</summary>
    public const string Sent = "sent";

    /// <summary>Given up after failing for too long.</summary>
    public const string Failed = "failed";

    /// <summary>Not sent because its subscription was cancelled first.</summary>
    public const string Cancelled = "cancelled";
}

/// <summary>A message to record in the outbox: the bytes that will be sent, exactly, however often it is tried.</summary>
public sealed record NewOutboxMessage(
    string MessageId, long? SubscriptionId, string Purpose, string? Period, string Recipient, byte[] Message,
    DateOnly? CoveredFrom = null, DateOnly? CoveredThrough = null, IReadOnlyList<string>? PaperIds = null);

/// <summary>A recorded message and where its delivery stands.</summary>
/// <param name="TransmittedAt">When a sender last handed the whole message to the mail server.</param>
public sealed record OutboxMessage(
    long Id, string MessageId, long? SubscriptionId, string Purpose, string? Period, string Recipient, byte[] Message,
    string Status, int Attempts, DateTimeOffset NextAttemptAt, string? LastError, string? ClaimedBy, DateTimeOffset CreatedAt,
    DateTimeOffset? SentAt, DateTimeOffset? TransmittedAt, IReadOnlyList<string> PaperIds);

/// <summary>One digest period of one subscription, processed: the message to send (null when nothing matched).</summary>
public sealed record ProcessedPeriod(long SubscriptionId, string Period, DateOnly CoveredThrough, NewOutboxMessage? Message);

public sealed partial class PaperStore
{
    private static string Stamp(DateTimeOffset time) => time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static string DayText(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// Records a request to subscribe: a new subscription, or the existing one for the same address, kind, target and
    /// frequency. A cancelled one becomes unconfirmed again (it needs a new confirmation); a confirmed one is returned
    /// as it is.
    /// </summary>
    public Subscription RequestSubscription(string email, SubscriptionKind kind, string target, DigestFrequency frequency,
        DateTimeOffset now)
    {
        using var transaction = _connection.BeginTransaction();
        var parameters = new { email, kind = KindText(kind), target, frequency = FrequencyText(frequency), now = Stamp(now) };
        _connection.Execute("""
            INSERT INTO subscriptions (email, kind, target, frequency, created_at) VALUES (@email, @kind, @target, @frequency, @now)
            ON CONFLICT (email, kind, target, frequency) DO UPDATE SET
                confirmed_at = CASE WHEN unsubscribed_at IS NULL THEN confirmed_at END,
                unsubscribed_at = NULL
            """, parameters, transaction);
        var id = _connection.ExecuteScalar<long>(
            "SELECT id FROM subscriptions WHERE email = @email AND kind = @kind AND target = @target AND frequency = @frequency",
            parameters, transaction);
        transaction.Commit();
        return GetSubscription(id)!;
    }

    public Subscription? GetSubscription(long id) =>
        _connection.Query<SubscriptionRow>($"{SubscriptionSelect} WHERE id = @id", new { id }).Select(ToSubscription).SingleOrDefault();

    /// <summary>Every subscription (of one address when given), oldest first.</summary>
    public IReadOnlyList<Subscription> Subscriptions(string? email = null) => _connection
        .Query<SubscriptionRow>($"{SubscriptionSelect} {(email is null ? "" : "WHERE email = @email")} ORDER BY id", new { email })
        .Select(ToSubscription).ToList();

    /// <summary>The confirmed, not cancelled subscriptions.</summary>
    public IReadOnlyList<Subscription> ActiveSubscriptions() => _connection
        .Query<SubscriptionRow>($"{SubscriptionSelect} WHERE confirmed_at IS NOT NULL AND unsubscribed_at IS NULL ORDER BY id")
        .Select(ToSubscription).ToList();

    public void ConfirmSubscription(long id, DateTimeOffset now) => _connection.Execute(
        "UPDATE subscriptions SET confirmed_at = coalesce(confirmed_at, @now) WHERE id = @id AND unsubscribed_at IS NULL",
        new { id, now = Stamp(now) });

    /// <summary>Cancels a subscription and any of its messages not yet sent; true when it was active or awaiting confirmation.</summary>
    public bool Unsubscribe(long id, DateTimeOffset now)
    {
        using var transaction = _connection.BeginTransaction();
        var changed = _connection.Execute(
            "UPDATE subscriptions SET unsubscribed_at = @now WHERE id = @id AND unsubscribed_at IS NULL",
            new { id, now = Stamp(now) }, transaction);
        _connection.Execute(
            "UPDATE outbox SET status = 'cancelled' WHERE subscription_id = @id AND purpose = 'digest' AND status = 'pending'",
            new { id }, transaction);
        transaction.Commit();
        return changed > 0;
    }

    /// <summary>Stores a single-use token by its hash (the token itself is only ever in the mail).</summary>
    public void AddSubscriptionToken(byte[] tokenHash, long subscriptionId, string purpose, DateTimeOffset now, DateTimeOffset expires) =>
        _connection.Execute("""
            INSERT INTO subscription_tokens (token_hash, subscription_id, purpose, created_at, expires_at)
            VALUES (@tokenHash, @subscriptionId, @purpose, @now, @expires)
            """, new { tokenHash, subscriptionId, purpose, now = Stamp(now), expires = Stamp(expires) });

    /// <summary>Uses a single-use token: accepted once, before it expires; the subscription it belongs to.</summary>
    public (TokenUse Use, long? SubscriptionId) UseSubscriptionToken(byte[] tokenHash, string purpose, DateTimeOffset now)
    {
        using var transaction = _connection.BeginTransaction();
        var row = _connection.QuerySingleOrDefault<(long SubscriptionId, string ExpiresAt, string? UsedAt)>(
            "SELECT subscription_id, expires_at, used_at FROM subscription_tokens WHERE token_hash = @tokenHash AND purpose = @purpose",
            new { tokenHash, purpose }, transaction);
        if (row == default)
        {
            return (TokenUse.Unknown, null);
        }
        if (row.UsedAt is not null)
        {
            return (TokenUse.AlreadyUsed, row.SubscriptionId);
        }
        if (DateTimeOffset.Parse(row.ExpiresAt, CultureInfo.InvariantCulture) <= now)
        {
            return (TokenUse.Expired, row.SubscriptionId);
        }
        _connection.Execute("UPDATE subscription_tokens SET used_at = @now WHERE token_hash = @tokenHash",
            new { tokenHash, now = Stamp(now) }, transaction);
        transaction.Commit();
        return (TokenUse.Accepted, row.SubscriptionId);
    }

    /// <summary>Notes a subscription request (for the per-address and per-client limits).</summary>
    public void RecordSubscriptionRequest(string email, string client, DateTimeOffset now) => _connection.Execute(
        "INSERT INTO subscription_requests (email, client, requested_at) VALUES (@email, @client, @now)",
        new { email, client, now = Stamp(now) });

    /// <summary>Requests since <paramref name="since"/> for this address, and from this client.</summary>
    public (long ForAddress, long FromClient) CountSubscriptionRequests(string email, string client, DateTimeOffset since) =>
        (_connection.ExecuteScalar<long>("SELECT count(*) FROM subscription_requests WHERE email = @email AND requested_at >= @since",
                new { email, since = Stamp(since) }),
            _connection.ExecuteScalar<long>("SELECT count(*) FROM subscription_requests WHERE client = @client AND requested_at >= @since",
                new { client, since = Stamp(since) }));

    /// <summary>A value kept in the store (a secret of the store's own), created on first use.</summary>
    public string GetOrCreateStoreValue(string key, Func<string> create)
    {
        _connection.Execute("INSERT INTO store_meta (key, value) VALUES (@key, @value) ON CONFLICT (key) DO NOTHING",
            new { key, value = create() });
        return _connection.ExecuteScalar<string>("SELECT value FROM store_meta WHERE key = @key", new { key })!;
    }

    /// <summary>Records a message to send; false when one with the same Message-ID (or subscription and period) exists.</summary>
    public bool EnqueueMessage(NewOutboxMessage message, DateTimeOffset now)
    {
        using var transaction = _connection.BeginTransaction();
        var added = Enqueue(message, now, transaction);
        transaction.Commit();
        return added;
    }

    private bool Enqueue(NewOutboxMessage message, DateTimeOffset now, SqliteTransaction transaction) => _connection.Execute("""
        INSERT INTO outbox (message_id, subscription_id, purpose, period, recipient, covered_from, covered_through, paper_ids,
                            message, status, next_attempt_at, created_at)
        VALUES (@MessageId, @SubscriptionId, @Purpose, @Period, @Recipient, @CoveredFrom, @CoveredThrough, @PaperIds,
                @Message, 'pending', @now, @now)
        ON CONFLICT DO NOTHING
        """, new
    {
        message.MessageId,
        message.SubscriptionId,
        message.Purpose,
        message.Period,
        message.Recipient,
        CoveredFrom = message.CoveredFrom is { } from ? DayText(from) : null,
        CoveredThrough = message.CoveredThrough is { } through ? DayText(through) : null,
        PaperIds = string.Join(' ', message.PaperIds ?? []),
        message.Message,
        now = Stamp(now),
    }, transaction) > 0;

    /// <summary>
    /// Records processed digest periods in one transaction: each subscription's period and coverage move on, and its
    /// digest (when something matched) goes into the outbox with them, so a crash leaves both or neither. A period
    /// another run processed meanwhile is left as that run recorded it. Returns the messages added.
    /// </summary>
    public int RecordDigestPeriods(IReadOnlyList<ProcessedPeriod> periods, DateTimeOffset now)
    {
        var added = 0;
        using var transaction = _connection.BeginTransaction();
        foreach (var period in periods)
        {
            var moved = _connection.Execute("""
                UPDATE subscriptions SET last_period = @Period, covered_through = @through
                WHERE id = @SubscriptionId AND last_period IS NOT @Period AND confirmed_at IS NOT NULL AND unsubscribed_at IS NULL
                """, new { period.Period, through = DayText(period.CoveredThrough), period.SubscriptionId }, transaction);
            if (moved > 0 && period.Message is { } message && Enqueue(message, now, transaction))
            {
                added++;
            }
        }
        transaction.Commit();
        return added;
    }

    /// <summary>The papers each subscription's digests covering days from <paramref name="since"/> on already sent or will send.</summary>
    public IReadOnlyDictionary<long, HashSet<string>> PapersInDigestsSince(DateOnly since)
    {
        var result = new Dictionary<long, HashSet<string>>();
        foreach (var (subscription, ids) in _connection.Query<(long, string)>(
                     "SELECT subscription_id, paper_ids FROM outbox WHERE purpose = 'digest' AND subscription_id IS NOT NULL AND covered_through >= @since",
                     new { since = DayText(since) }))
        {
            if (!result.TryGetValue(subscription, out var set))
            {
                result[subscription] = set = new HashSet<string>(StringComparer.Ordinal);
            }
            set.UnionWith(ids.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        }
        return result;
    }

    /// <summary>The papers of a subscription's digests (recorded in the outbox), newest digest first, each once.</summary>
    public IReadOnlyList<string> DigestedPaperIds(long subscriptionId, int limit) => _connection
        .Query<string>("SELECT paper_ids FROM outbox WHERE purpose = 'digest' AND subscription_id = @subscriptionId ORDER BY covered_through DESC, id DESC",
            new { subscriptionId })
        .SelectMany(ids => ids.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        .Distinct(StringComparer.Ordinal).Take(limit).ToList();

    /// <summary>
    /// Each paper listed on a day from <paramref name="from"/> to <paramref name="to"/>, with its row key and those days
    /// (not the papers their source deleted: digests never send them).
    /// </summary>
    public IReadOnlyList<(long Key, string Id, DateOnly Day)> ListingsBetween(DateOnly from, DateOnly to) => _connection
        .Query<(long Key, string Id, string Day)>("""
            SELECT p.rowid, p.id, l.day FROM paper_listings l JOIN papers p ON p.id = l.paper_id
            WHERE l.day BETWEEN @from AND @to AND p.id NOT IN (SELECT paper_id FROM paper_deletions) ORDER BY p.rowid, l.day
            """, new { from = DayText(from), to = DayText(to) })
        .Select(r => (r.Key, r.Id, DateOnly.ParseExact(r.Day, "yyyy-MM-dd", CultureInfo.InvariantCulture)))
        .ToList();

    /// <summary>Each paper's row key (for the papers the store has).</summary>
    public IReadOnlyDictionary<string, long> PaperKeys(IEnumerable<string> ids) => _connection
        .Query<(string Id, long Key)>("SELECT id, rowid FROM papers WHERE id IN @ids", new { ids = ids.Distinct(StringComparer.Ordinal).ToList() })
        .ToDictionary(r => r.Id, r => r.Key, StringComparer.Ordinal);

    /// <summary>Each paper's primary category, by row key.</summary>
    public IReadOnlyDictionary<long, string> PrimaryCategories(IEnumerable<long> keys) => _connection
        .Query<(long Key, string? Category)>("SELECT rowid, primary_category FROM papers WHERE rowid IN @keys", new { keys = keys.ToList() })
        .Where(r => r.Category is not null)
        .ToDictionary(r => r.Key, r => r.Category!);

    /// <summary>The written author names of each paper, by row key.</summary>
    public IReadOnlyList<(long Key, string Id, int Position, string Name)> AuthorsOf(IEnumerable<long> keys) => _connection
        .Query<(long Key, string Id, long Position, string Name)>(
            "SELECT p.rowid, p.id, a.position, a.name FROM papers p JOIN paper_authors a ON a.paper_id = p.id WHERE p.rowid IN @keys ORDER BY p.rowid, a.position",
            new { keys = keys.ToList() })
        .Select(a => (a.Key, a.Id, (int)a.Position, a.Name))
        .ToList();

    /// <summary>The stored relevance model of a "papers like these" subscription, when it was trained on <paramref name="modelKey"/>.</summary>
    public byte[]? LikeModel(long subscriptionId, string modelKey) => _connection.ExecuteScalar<byte[]?>(
        "SELECT model FROM subscriptions WHERE id = @subscriptionId AND model_key = @modelKey", new { subscriptionId, modelKey });

    public void SaveLikeModel(long subscriptionId, string modelKey, byte[] model) => _connection.Execute(
        "UPDATE subscriptions SET model = @model, model_key = @modelKey WHERE id = @subscriptionId", new { subscriptionId, modelKey, model });

    /// <summary>
    /// Messages to try now: pending ones whose next attempt is due (all pending ones with <paramref name="ignoreBackoff"/>),
    /// and ones a sender claimed and died before handing over whole (<paramref name="isAbandoned"/> says which claims
    /// are). Messages in doubt are not among them.
    /// </summary>
    public IReadOnlyList<OutboxMessage> DueMessages(DateTimeOffset now, bool ignoreBackoff, Func<string, bool> isAbandoned) => _connection
        .Query<OutboxRow>($"{OutboxSelect} WHERE status IN ('pending', 'sending') ORDER BY id")
        .Select(ToOutboxMessage)
        .Where(m => m.Status == OutboxStatus.Pending
            ? ignoreBackoff || m.NextAttemptAt <= now
            : m.ClaimedBy is null || isAbandoned(m.ClaimedBy))
        .ToList();

    public IReadOnlyList<OutboxMessage> OutboxMessages(string? status = null) => _connection
        .Query<OutboxRow>($"{OutboxSelect} {(status is null ? "" : "WHERE status = @status")} ORDER BY id", new { status })
        .Select(ToOutboxMessage).ToList();

    /// <summary>The outbox message with this Message-ID (written with or without its angle brackets), if any.</summary>
    public OutboxMessage? FindOutboxMessage(string messageId) => _connection
        .Query<OutboxRow>($"{OutboxSelect} WHERE message_id = @messageId", new { messageId = messageId.Trim().TrimStart('<').TrimEnd('>') })
        .Select(ToOutboxMessage).SingleOrDefault();

    /// <summary>
    /// Claims a message for sending (committed before the mail server is contacted): only one sender gets it, and a
    /// claim left by a sender that died before <see cref="MarkMessageTransmitted"/> shows the server cannot have it.
    /// </summary>
    public bool ClaimMessage(OutboxMessage message, string claimer) => _connection.Execute("""
        UPDATE outbox SET status = 'sending', claimed_by = @claimer, attempts = attempts + 1
        WHERE id = @Id AND status = @Status AND claimed_by IS @ClaimedBy
        """, new { claimer, message.Id, message.Status, message.ClaimedBy }) == 1;

    /// <summary>
    /// Records (committed) that <paramref name="claimer"/> has handed the whole message to the mail server and not yet
    /// read its answer: from here on the message is in doubt until that answer is recorded. False when the claimer
    /// does not hold the message's claim (then it must not finish sending it).
    /// </summary>
    public bool MarkMessageTransmitted(long id, string claimer, DateTimeOffset now)
    {
        // The store's synchronous=NORMAL survives a killed process but may lose its last commits to a power cut; losing
        // this one would send the message a second time, so it waits for the disk (one fsync per message sent).
        var synchronous = _connection.ExecuteScalar<long>("PRAGMA synchronous");
        _connection.Execute("PRAGMA synchronous = FULL");
        try
        {
            return _connection.Execute("""
                UPDATE outbox SET status = 'in-doubt', transmitted_at = @now
                WHERE id = @id AND status = 'sending' AND claimed_by = @claimer
                """, new { id, claimer, now = Stamp(now) }) == 1;
        }
        finally
        {
            _connection.Execute($"PRAGMA synchronous = {synchronous.ToString(CultureInfo.InvariantCulture)}");
        }
    }

    /// <summary>An operator's decision to send a message in doubt again (same bytes, same Message-ID): it is pending, due now.</summary>
    public bool ReleaseMessageInDoubt(long id, DateTimeOffset now) => _connection.Execute("""
        UPDATE outbox SET status = 'pending', next_attempt_at = @now, claimed_by = NULL
        WHERE id = @id AND status = 'in-doubt'
        """, new { id, now = Stamp(now) }) == 1;

    /// <summary>An operator's finding that a message in doubt did arrive: sent, as of when it was handed over.</summary>
    public bool MarkMessageInDoubtSent(long id) => _connection.Execute("""
        UPDATE outbox SET status = 'sent', sent_at = transmitted_at, claimed_by = NULL, last_error = NULL
        WHERE id = @id AND status = 'in-doubt'
        """, new { id }) == 1;

    public void MarkMessageSent(long id, DateTimeOffset now) => _connection.Execute(
        "UPDATE outbox SET status = 'sent', sent_at = @now, claimed_by = NULL, last_error = NULL WHERE id = @id",
        new { id, now = Stamp(now) });

    /// <summary>Records a failed attempt: tried again at <paramref name="nextAttempt"/>, or given up (null).</summary>
    public void MarkMessageFailed(long id, string error, DateTimeOffset? nextAttempt) => _connection.Execute("""
        UPDATE outbox SET status = @status, last_error = @error, next_attempt_at = coalesce(@next, next_attempt_at), claimed_by = NULL
        WHERE id = @id
        """, new { id, error, status = nextAttempt is null ? OutboxStatus.Failed : OutboxStatus.Pending, next = nextAttempt is { } n ? Stamp(n) : null });

    public void MarkMessageCancelled(long id, string reason) => _connection.Execute(
        "UPDATE outbox SET status = 'cancelled', last_error = @reason, claimed_by = NULL WHERE id = @id", new { id, reason });

    internal static string KindText(SubscriptionKind kind) => kind.ToString().ToLowerInvariant();

    internal static string FrequencyText(DigestFrequency frequency) => frequency.ToString().ToLowerInvariant();

    private const string SubscriptionSelect = """
        SELECT id, email, kind, target, frequency, created_at AS CreatedAt, confirmed_at AS ConfirmedAt,
               unsubscribed_at AS UnsubscribedAt, last_period AS LastPeriod, covered_through AS CoveredThrough
        FROM subscriptions
        """;

    private const string OutboxSelect = """
        SELECT id, message_id AS MessageId, subscription_id AS SubscriptionId, purpose, period, recipient, message, status,
               attempts, next_attempt_at AS NextAttemptAt, last_error AS LastError, claimed_by AS ClaimedBy,
               created_at AS CreatedAt, sent_at AS SentAt, transmitted_at AS TransmittedAt, paper_ids AS PaperIds
        FROM outbox
        """;

    private static Subscription ToSubscription(SubscriptionRow row) => new(
        row.Id, row.Email, Enum.Parse<SubscriptionKind>(row.Kind, ignoreCase: true), row.Target,
        Enum.Parse<DigestFrequency>(row.Frequency, ignoreCase: true), ParseStamp(row.CreatedAt)!.Value, ParseStamp(row.ConfirmedAt),
        ParseStamp(row.UnsubscribedAt), row.LastPeriod,
        row.CoveredThrough is null ? null : DateOnly.ParseExact(row.CoveredThrough, "yyyy-MM-dd", CultureInfo.InvariantCulture));

    private static OutboxMessage ToOutboxMessage(OutboxRow row) => new(
        row.Id, row.MessageId, row.SubscriptionId, row.Purpose, row.Period, row.Recipient, row.Message, row.Status, (int)row.Attempts,
        ParseStamp(row.NextAttemptAt)!.Value, row.LastError, row.ClaimedBy, ParseStamp(row.CreatedAt)!.Value, ParseStamp(row.SentAt),
        ParseStamp(row.TransmittedAt), row.PaperIds.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private static DateTimeOffset? ParseStamp(string? text) =>
        text is null ? null : DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    private sealed record SubscriptionRow(
        long Id, string Email, string Kind, string Target, string Frequency, string CreatedAt, string? ConfirmedAt,
        string? UnsubscribedAt, string? LastPeriod, string? CoveredThrough);

    private sealed record OutboxRow(
        long Id, string MessageId, long? SubscriptionId, string Purpose, string? Period, string Recipient, byte[] Message,
        string Status, long Attempts, string NextAttemptAt, string? LastError, string? ClaimedBy, string CreatedAt,
        string? SentAt, string? TransmittedAt, string PaperIds);
}
