using PaperRadar.Digests;
using PaperRadar.Storage;

namespace PaperRadar.Tests.Digests;

/// <summary>
/// The outbox's states on a real store file: a claimed message is sent again when its sender dies, a message handed
/// over whole is in doubt and never sent again by itself, and only an operator (or a definite answer from the server)
/// settles it.
/// </summary>
public sealed class OutboxStatesTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private readonly ScratchDirectory _temp = new();
    private readonly PaperStore _store;

    public OutboxStatesTests() => _store = PaperStore.Open(_temp.File("outbox.db"));

    public void Dispose()
    {
        _store.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public void AClaimWhoseSenderDiedIsDueAgainButAMessageHandedOverWholeIsNot()
    {
        var message = Enqueue("digest.1.2026-11-25@radar.test");
        Assert.True(_store.ClaimMessage(message, "sender-a"));
        Assert.Equal([message.Id], Due(claimerIsGone: true));
        Assert.Empty(Due(claimerIsGone: false));

        Assert.True(_store.MarkMessageTransmitted(message.Id, "sender-a", Now.AddSeconds(1)));
        var inDoubt = _store.FindOutboxMessage(message.MessageId)!;
        Assert.Equal(OutboxStatus.InDoubt, inDoubt.Status);
        Assert.Equal(Now.AddSeconds(1), inDoubt.TransmittedAt);
        Assert.Null(inDoubt.SentAt);
        Assert.Empty(Due(claimerIsGone: true));
    }

    [Fact]
    public void OnlyTheSenderHoldingTheClaimCanMarkAMessageHandedOver()
    {
        var message = Enqueue("digest.1.2026-11-25@radar.test");
        Assert.False(_store.MarkMessageTransmitted(message.Id, "sender-a", Now)); // pending: nobody claimed it
        Assert.True(_store.ClaimMessage(message, "sender-a"));
        Assert.False(_store.MarkMessageTransmitted(message.Id, "sender-b", Now));
        Assert.Equal(OutboxStatus.Sending, _store.FindOutboxMessage(message.MessageId)!.Status);
        Assert.True(_store.MarkMessageTransmitted(message.Id, "sender-a", Now));
        Assert.False(_store.MarkMessageTransmitted(message.Id, "sender-a", Now)); // once
    }

    [Fact]
    public void AnOperatorReleasesAMessageInDoubtToBeSentAgainAndOnlyAMessageInDoubt()
    {
        var message = InDoubt("digest.1.2026-11-25@radar.test");
        var pending = Enqueue("digest.2.2026-11-25@radar.test");
        Assert.False(_store.ReleaseMessageInDoubt(pending.Id, Now));

        Assert.True(_store.ReleaseMessageInDoubt(message.Id, Now.AddHours(1)));
        var released = _store.FindOutboxMessage(message.MessageId)!;
        Assert.Equal(OutboxStatus.Pending, released.Status);
        Assert.Null(released.ClaimedBy);
        Assert.Equal(Now.AddHours(1), released.NextAttemptAt);
        Assert.Contains(message.Id, Due(claimerIsGone: false));
        Assert.False(_store.ReleaseMessageInDoubt(message.Id, Now)); // no longer in doubt
    }

    [Fact]
    public void AnOperatorMarksAMessageInDoubtSentAsOfWhenItWasHandedOver()
    {
        var message = InDoubt("digest.1.2026-11-25@radar.test");
        Assert.True(_store.MarkMessageInDoubtSent(message.Id));
        var sent = _store.FindOutboxMessage(message.MessageId)!;
        Assert.Equal(OutboxStatus.Sent, sent.Status);
        Assert.Equal(sent.TransmittedAt, sent.SentAt);
        Assert.False(_store.MarkMessageInDoubtSent(message.Id));
        Assert.False(_store.ReleaseMessageInDoubt(message.Id, Now));
        Assert.False(_store.MarkMessageInDoubtSent(Enqueue("digest.2.2026-11-25@radar.test").Id)); // pending
    }

    [Fact]
    public void ADefiniteAnswerFromTheServerSettlesAMessageInDoubt()
    {
        var refusedForNow = InDoubt("digest.1.2026-11-25@radar.test");
        _store.MarkMessageFailed(refusedForNow.Id, "451 try again later", Now.AddMinutes(1));
        Assert.Equal(OutboxStatus.Pending, _store.FindOutboxMessage(refusedForNow.MessageId)!.Status);

        var accepted = InDoubt("digest.2.2026-11-25@radar.test");
        _store.MarkMessageSent(accepted.Id, Now.AddSeconds(2));
        Assert.Equal(OutboxStatus.Sent, _store.FindOutboxMessage(accepted.MessageId)!.Status);
        Assert.Empty(_store.OutboxMessages(OutboxStatus.InDoubt));
    }

    [Fact]
    public void UnsubscribingCancelsPendingDigestsButLeavesOneInDoubt()
    {
        var subscription = _store.RequestSubscription("ada@example.org", SubscriptionKind.Category, "cs.CL", DigestFrequency.Daily, Now);
        _store.ConfirmSubscription(subscription.Id, Now);
        var inDoubt = InDoubt("digest.1.2026-11-24@radar.test", subscription.Id, "2026-11-24");
        var pending = Enqueue("digest.1.2026-11-25@radar.test", subscription.Id, "2026-11-25");
        Assert.True(_store.Unsubscribe(subscription.Id, Now));
        Assert.Equal(OutboxStatus.Cancelled, _store.FindOutboxMessage(pending.MessageId)!.Status);
        Assert.Equal(OutboxStatus.InDoubt, _store.FindOutboxMessage(inDoubt.MessageId)!.Status); // it may have arrived
    }

    [Theory]
    [InlineData("digest.1.2026-11-25@radar.test")]
    [InlineData("<digest.1.2026-11-25@radar.test>")]
    [InlineData(" <digest.1.2026-11-25@radar.test> ")]
    public void AMessageIsFoundByItsMessageIdWithOrWithoutAngleBrackets(string written)
    {
        var message = Enqueue("digest.1.2026-11-25@radar.test");
        Assert.Equal(message.Id, _store.FindOutboxMessage(written)?.Id);
        Assert.Null(_store.FindOutboxMessage("digest.9.2026-11-25@radar.test"));
        Assert.Null(_store.FindOutboxMessage(""));
    }

    [Fact]
    public void TheWatchFiresOnceWhenTheCountReachesTheMessagesSizeAndNotBefore()
    {
        var fired = 0;
        var watch = new WholeMessageWatch(() => fired++);
        watch.Report(4096);
        watch.Report(4096, 10_000);
        Assert.Equal(0, fired);
        Assert.False(watch.Reached);
        // Dot-stuffing makes the count of bytes written exceed the message's size: it still fires, once.
        watch.Report(10_003, 10_000);
        watch.Report(10_005, 10_000);
        Assert.Equal(1, fired);
        Assert.True(watch.Reached);
    }

    [Fact]
    public void AWatchWhoseMarkFailedHasNotReachedTheEnd()
    {
        var watch = new WholeMessageWatch(() => throw new InvalidOperationException("the store is locked"));
        Assert.Throws<InvalidOperationException>(() => watch.Report(100, 100));
        Assert.False(watch.Reached);
    }

    private List<long> Due(bool claimerIsGone) =>
        _store.DueMessages(Now, ignoreBackoff: true, _ => claimerIsGone).Select(m => m.Id).ToList();

    private OutboxMessage Enqueue(string messageId, long? subscriptionId = null, string? period = null)
    {
        Assert.True(_store.EnqueueMessage(new NewOutboxMessage(messageId, subscriptionId, "digest", period, "ada@example.org", [1, 2, 3]), Now));
        return _store.FindOutboxMessage(messageId)!;
    }

    private OutboxMessage InDoubt(string messageId, long? subscriptionId = null, string? period = null)
    {
        var message = Enqueue(messageId, subscriptionId, period);
        Assert.True(_store.ClaimMessage(message, "sender-a"));
        Assert.True(_store.MarkMessageTransmitted(message.Id, "sender-a", Now));
        return _store.FindOutboxMessage(messageId)!;
    }
}
