using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PaperRadar.Storage;

namespace PaperRadar.Digests;

/// <summary>Why a subscription request was refused (the message says what to do).</summary>
public sealed class SubscriptionRefusedException(string message, bool tooMany = false) : Exception(message)
{
    /// <summary>Refused by a rate limit (the web answers 429), not for what was asked.</summary>
    public bool TooMany { get; } = tooMany;
}

/// <summary>What a subscription request did.</summary>
/// <param name="ConfirmationQueued">A confirmation mail was put in the outbox (false: the subscription was already confirmed).</param>
public sealed record SubscribeResult(Subscription Subscription, bool ConfirmationQueued, string? ConfirmationMessageId = null);

/// <summary>Limits on subscription requests, against mail bombing someone else's address through the site.</summary>
public sealed record SubscriptionLimits
{
    /// <summary>Confirmation mails one address may be sent a day (whoever asks).</summary>
    public int PerAddressPerDay { get; init; } = 3;

    /// <summary>Subscription requests one client (an IP address; "cli" for the command line) may make an hour.</summary>
    public int PerClientPerHour { get; init; } = 20;

    /// <summary>How long a confirmation link works.</summary>
    public TimeSpan ConfirmationLifetime { get; init; } = TimeSpan.FromHours(48);
}

/// <summary>
/// Subscribing with double opt-in, confirming and unsubscribing: the rules the command line and the web share.
/// Confirmation tokens are 256 random bits, stored only as their SHA-256, usable once and expiring; unsubscribe tokens
/// are an HMAC of the subscription id under a secret kept in the store, so every digest can carry one without the
/// store keeping them, and they keep working in old mails (RFC 8058 one-click).
/// </summary>
public sealed class Subscriptions(PaperStore store, MailSettings mail, TimeProvider? clock = null, SubscriptionLimits? limits = null)
{
    public const string ConfirmPurpose = "confirm";

    private const string UnsubscribePurpose = "unsubscribe";

    private const string FeedPurpose = "feed";
    private const string SecretKey = "subscription_token_secret";

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly SubscriptionLimits _limits = limits ?? new SubscriptionLimits();

    /// <summary>
    /// Records the request and queues a confirmation mail (nothing else is ever sent to an unconfirmed address).
    /// </summary>
    /// <param name="client">Who asked: the web client's IP address, or "cli".</param>
    public SubscribeResult Subscribe(string email, SubscriptionKind kind, string? target, DigestFrequency frequency, string client)
    {
        var address = EmailAddresses.Normalize(email ?? "");
        if (EmailAddresses.Validate(address) is { } problem)
        {
            throw new ArgumentException($"'{email}' cannot subscribe: {problem}");
        }
        var normalizedTarget = SubscriptionTargets.Normalize(kind, target, store);
        var now = _clock.GetUtcNow();
        var (forAddress, _) = store.CountSubscriptionRequests(address, client, now.AddDays(-1));
        var (_, fromClient) = store.CountSubscriptionRequests(address, client, now.AddHours(-1));
        if (fromClient >= _limits.PerClientPerHour)
        {
            throw new SubscriptionRefusedException($"too many subscription requests from this client ({_limits.PerClientPerHour} an hour at most); try again later", tooMany: true);
        }
        var subscription = store.RequestSubscription(address, kind, normalizedTarget, frequency, now);
        if (subscription.IsActive)
        {
            store.RecordSubscriptionRequest(address, client, now);
            return new SubscribeResult(subscription, ConfirmationQueued: false);
        }
        if (forAddress >= _limits.PerAddressPerDay)
        {
            throw new SubscriptionRefusedException(
                $"{address} was already sent {_limits.PerAddressPerDay} confirmation mails today; confirm one of them, or try again tomorrow", tooMany: true);
        }
        store.RecordSubscriptionRequest(address, client, now);
        var token = NewToken();
        store.AddSubscriptionToken(Hash(token), subscription.Id, ConfirmPurpose, now, now + _limits.ConfirmationLifetime);
        var message = Mails.Confirmation(mail, subscription, ConfirmLink(token), now + _limits.ConfirmationLifetime, now);
        store.EnqueueMessage(new NewOutboxMessage(message.MessageId!, subscription.Id, "confirmation", null, address, Mails.Bytes(message)), now);
        return new SubscribeResult(subscription, ConfirmationQueued: true, message.MessageId);
    }

    /// <summary>Confirms with the token from the confirmation mail.</summary>
    public (TokenUse Use, Subscription? Subscription) Confirm(string token)
    {
        var now = _clock.GetUtcNow();
        var (use, id) = store.UseSubscriptionToken(Hash(token.Trim()), ConfirmPurpose, now);
        if (use == TokenUse.Accepted)
        {
            store.ConfirmSubscription(id!.Value, now);
        }
        return (use, id is { } known ? store.GetSubscription(known) : null);
    }

    /// <summary>Cancels the subscription an unsubscribe token names; null when the token is not one of this store's.</summary>
    public Subscription? UnsubscribeWithToken(string token)
    {
        if (SubscriptionOfToken(token) is not { } id)
        {
            return null;
        }
        store.Unsubscribe(id, _clock.GetUtcNow());
        return store.GetSubscription(id);
    }

    /// <summary>The subscription an unsubscribe token names, checked (null for a forged or mistyped token).</summary>
    public long? SubscriptionOfToken(string token) => SubscriptionOfSignedToken(UnsubscribePurpose, token);

    /// <summary>The subscription a feed token names, checked (null for a forged or mistyped token).</summary>
    public long? SubscriptionOfFeedToken(string token) => SubscriptionOfSignedToken(FeedPurpose, token);

    private long? SubscriptionOfSignedToken(string purpose, string token)
    {
        var parts = token.Trim().Split('-', 2);
        if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return null;
        }
        var expected = Encoding.ASCII.GetBytes(SignedToken(purpose, id));
        var given = Encoding.ASCII.GetBytes(token.Trim());
        return CryptographicOperations.FixedTimeEquals(expected, given) && store.GetSubscription(id) is not null ? id : null;
    }

    /// <summary>Cancels every subscription of an address (the command line's <c>unsubscribe EMAIL</c>).</summary>
    public IReadOnlyList<Subscription> UnsubscribeAddress(string email)
    {
        var address = EmailAddresses.Normalize(email);
        var cancelled = new List<Subscription>();
        foreach (var subscription in store.Subscriptions(address).Where(s => s.UnsubscribedAt is null))
        {
            store.Unsubscribe(subscription.Id, _clock.GetUtcNow());
            cancelled.Add(store.GetSubscription(subscription.Id)!);
        }
        return cancelled;
    }

    /// <summary>The unsubscribe token of a subscription: its id and an HMAC of it under the store's secret.</summary>
    public string UnsubscribeToken(long subscriptionId) => SignedToken(UnsubscribePurpose, subscriptionId);

    public string UnsubscribeLink(long subscriptionId) => mail.Link($"unsubscribe?token={UnsubscribeToken(subscriptionId)}");

    /// <summary>
    /// The token of a subscription's RSS feed (the papers of its digests): signed like the unsubscribe token but for
    /// another purpose, so a feed address shared with a feed reader cannot unsubscribe anyone.
    /// </summary>
    public string FeedToken(long subscriptionId) => SignedToken(FeedPurpose, subscriptionId);

    public string FeedLink(long subscriptionId) => mail.Link($"feeds/subscription?token={FeedToken(subscriptionId)}");

    private string SignedToken(string purpose, long subscriptionId)
    {
        var secret = Convert.FromBase64String(store.GetOrCreateStoreValue(SecretKey, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
        var mac = HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes($"{purpose}:{subscriptionId}"));
        return $"{subscriptionId.ToString(CultureInfo.InvariantCulture)}-{Base64Url(mac)[..32]}";
    }

    private string ConfirmLink(string token) => mail.Link($"subscriptions/confirm?token={token}");

    private static string NewToken() => Base64Url(RandomNumberGenerator.GetBytes(32));

    internal static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
