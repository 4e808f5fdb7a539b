using System.Diagnostics;
using System.Globalization;
using MailKit;
using MailKit.Net.Smtp;
using PaperRadar.Storage;

namespace PaperRadar.Digests;

/// <summary>When a failed message is tried again, and when it is given up.</summary>
public sealed record RetryPolicy
{
    public TimeSpan FirstRetry { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Retries wait twice as long each time, up to this.</summary>
    public TimeSpan MaxRetry { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>A message still not accepted this long after it was recorded is given up (status failed).</summary>
    public TimeSpan GiveUpAfter { get; init; } = TimeSpan.FromDays(3);

    public TimeSpan DelayAfter(int attempts) =>
        TimeSpan.FromTicks(Math.Min(MaxRetry.Ticks, FirstRetry.Ticks * (1L << Math.Clamp(attempts - 1, 0, 30))));
}

/// <summary>What one delivery pass did.</summary>
/// <param name="Resent">Messages a sender had claimed and died before handing over whole: sent again (the server cannot have had them).</param>
/// <param name="InDoubt">Messages this pass handed over whole without ever reading the server's answer: left in doubt.</param>
/// <param name="Waiting">Messages pending after the pass (they will be tried again).</param>
public sealed record DeliveryReport(int Sent, int Failed, int GivenUp, int Cancelled, int Resent, int InDoubt, int Waiting, string? Error);

/// <summary>
/// Sends the outbox over SMTP with MailKit. Each message is claimed (committed) before the server is contacted, marked
/// in doubt (committed) once the whole message has been handed to the server and before the end-of-data mark that
/// lets the server accept it is sent, and marked sent when the server's acceptance is read. So a sender that dies
/// leaves either a claim (the server cannot have the message: it is sent again, none lost) or a message in doubt
/// (the server may have accepted it: SMTP gives a client no way to ask, RFC 1047), which is never sent again by
/// itself: <c>paperradar digest</c> lists it, and an operator resends it (same bytes and Message-ID, which receiving
/// systems recognise) or marks it sent. A definite answer read from the server (accepted, refused, try later)
/// settles a message in doubt as it settles any other.
/// </summary>
public sealed class MailDelivery(PaperStore store, MailSettings mail, Action<string>? log = null, TimeProvider? clock = null, RetryPolicy? policy = null)
{
    private static readonly string Claimer = $"{Environment.MachineName}:{Environment.ProcessId}:{ProcessStart()}";

    // One pass at a time in a process (serve's schedule and a confirmation sent at once may overlap): a claim held by
    // this process is then always one left by a pass that ended.
    private static readonly Lock PassLock = new();

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly RetryPolicy _policy = policy ?? new RetryPolicy();

    /// <summary>
    /// Sends what is due: every pending message whose next attempt has come (all pending ones with
    /// <paramref name="ignoreBackoff"/>: someone ran <c>digest</c> by hand), and the ones a dead sender left claimed
    /// before handing them over whole. A server that cannot be reached ends the pass: the rest wait for the next one.
    /// </summary>
    /// <param name="only">Send only the messages this accepts (a confirmation just requested), when given.</param>
    public DeliveryReport DeliverDue(bool ignoreBackoff, Func<OutboxMessage, bool>? only = null, CancellationToken cancellationToken = default)
    {
        lock (PassLock)
        {
            return DeliverDueAlone(ignoreBackoff, only, cancellationToken);
        }
    }

    /// <summary>
    /// An operator's decision: sends these messages in doubt again now, the same bytes with the same Message-ID (after
    /// checking that their recipients did not get them). Messages no longer in doubt are left as they are.
    /// </summary>
    public DeliveryReport ResendInDoubt(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default)
    {
        lock (PassLock)
        {
            var released = ids.Where(id => store.ReleaseMessageInDoubt(id, _clock.GetUtcNow())).ToHashSet();
            return DeliverDueAlone(ignoreBackoff: true, m => released.Contains(m.Id), cancellationToken);
        }
    }

    private DeliveryReport DeliverDueAlone(bool ignoreBackoff, Func<OutboxMessage, bool>? only, CancellationToken cancellationToken)
    {
        int sent = 0, failed = 0, givenUp = 0, cancelled = 0, resent = 0, inDoubt = 0;
        string? error = null;
        var due = store.DueMessages(_clock.GetUtcNow(), ignoreBackoff, IsAbandoned).Where(m => only is null || only(m)).ToList();
        using var client = new SmtpClient { Timeout = 60_000 };
        try
        {
            foreach (var message in due)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (message.Purpose == "digest" && (message.SubscriptionId is not { } id || store.GetSubscription(id) is not { IsActive: true }))
                {
                    store.MarkMessageCancelled(message.Id, "the subscription was cancelled before its digest was sent");
                    cancelled++;
                    continue;
                }
                if (!store.ClaimMessage(message, Claimer))
                {
                    continue; // another sender took it
                }
                if (message.Status == OutboxStatus.Sending)
                {
                    resent++;
                    log?.Invoke($"{message.MessageId}: its last sender stopped before handing the whole message to the mail server; sending it again");
                }
                try
                {
                    EnsureConnected(client, cancellationToken);
                }
                catch (Exception e) when (IsDeliveryFailure(e))
                {
                    // The server is unreachable: this message's attempt failed; the others were not tried.
                    error = $"cannot reach the mail server {mail.Smtp}: {e.Message}";
                    Fail(message, error, ref failed, ref givenUp);
                    break;
                }
                var handedOver = new WholeMessageWatch(() =>
                {
                    if (!store.MarkMessageTransmitted(message.Id, Claimer, _clock.GetUtcNow()))
                    {
                        // Thrown before the end-of-data mark goes out: the server discards what it has.
                        throw new ClaimLostException();
                    }
                });
                try
                {
                    client.Send(Mails.Parse(message.Message), cancellationToken, handedOver);
                    store.MarkMessageSent(message.Id, _clock.GetUtcNow());
                    sent++;
                }
                catch (ClaimLostException)
                {
                    // Another sender judged this one dead and took the message over: it is that sender's to finish.
                    log?.Invoke($"{message.MessageId}: another sender took it over while this one was sending it; left to that sender (this copy was never finished)");
                    Disconnect(client);
                }
                catch (Exception e) when (handedOver.Reached && IsDeliveryFailure(e) && e is not (CommandException or ServiceNotAuthenticatedException))
                {
                    // The whole message went out and no answer came back (a definite refusal is a CommandException):
                    // the server may have accepted it. It stays in doubt, for an operator to settle.
                    inDoubt++;
                    log?.Invoke($"{message.MessageId} to {message.Recipient}: handed to the mail server whole, but its answer never came ({e.GetType().Name}: {e.Message}); " +
                        "in doubt, not sent again by itself: `paperradar digest` lists it, --resend-in-doubt or --mark-sent settles it");
                    Disconnect(client);
                }
                catch (SmtpCommandException e) when (e.StatusCode >= (SmtpStatusCode)500)
                {
                    // A permanent refusal (no such mailbox, policy): trying again would be refused again.
                    store.MarkMessageFailed(message.Id, $"refused by the mail server: {(int)e.StatusCode} {e.Message}", null);
                    givenUp++;
                    log?.Invoke($"{message.MessageId} to {message.Recipient}: refused by the mail server ({(int)e.StatusCode} {e.Message}); given up");
                }
                catch (Exception e) when (IsDeliveryFailure(e))
                {
                    Fail(message, $"{e.GetType().Name}: {e.Message}", ref failed, ref givenUp);
                    // After a dropped connection or a temporary refusal the session's state is unknown: start a new one.
                    Disconnect(client);
                }
            }
        }
        finally
        {
            Disconnect(client);
        }
        var waiting = store.OutboxMessages(OutboxStatus.Pending).Count;
        return new DeliveryReport(sent, failed, givenUp, cancelled, resent, inDoubt, waiting, error);
    }

    private void Fail(OutboxMessage message, string error, ref int failed, ref int givenUp)
    {
        var now = _clock.GetUtcNow();
        var attempts = message.Attempts + 1;
        if (now - message.CreatedAt >= _policy.GiveUpAfter)
        {
            store.MarkMessageFailed(message.Id, error, null);
            givenUp++;
            log?.Invoke($"{message.MessageId} to {message.Recipient}: given up after {attempts} attempts since {message.CreatedAt:yyyy-MM-dd HH:mm} UTC: {error}");
            return;
        }
        var next = now + _policy.DelayAfter(attempts);
        store.MarkMessageFailed(message.Id, error, next);
        failed++;
        log?.Invoke($"{message.MessageId} to {message.Recipient}: attempt {attempts} failed ({error}); next at {next.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC");
    }

    private void EnsureConnected(SmtpClient client, CancellationToken cancellationToken)
    {
        if (client.IsConnected)
        {
            return;
        }
        client.Connect(mail.Smtp.Host, mail.Smtp.Port, mail.Smtp.SocketOptions, cancellationToken);
        if (mail.Smtp.User is { } user)
        {
            if (!client.Capabilities.HasFlag(SmtpCapabilities.Authentication))
            {
                throw new MailSettingsException($"the mail server {mail.Smtp} does not offer to log in, but a user is set");
            }
            client.Authenticate(user, mail.Smtp.Password ?? "", cancellationToken);
        }
        // With BDAT (CHUNKING; BINARYMIME needs it) the server may accept as soon as the last byte arrives, which can
        // be before MailKit reports that byte written; with DATA it cannot accept before the end-of-data mark, which
        // MailKit writes after its last progress report. So DATA only, and the in-doubt mark always comes first.
        client.Capabilities &= ~(SmtpCapabilities.Chunking | SmtpCapabilities.BinaryMime);
    }

    private static void Disconnect(SmtpClient client)
    {
        try
        {
            if (client.IsConnected)
            {
                client.Disconnect(quit: true);
            }
        }
        catch (Exception e) when (IsDeliveryFailure(e))
        {
            // The connection is gone already; nothing to close politely.
        }
    }

    private static bool IsDeliveryFailure(Exception e) => e is IOException or System.Net.Sockets.SocketException or
        ProtocolException or CommandException or ServiceNotConnectedException or ServiceNotAuthenticatedException or
        MailKit.Security.AuthenticationException or System.Security.Authentication.AuthenticationException or TimeoutException or
        OperationCanceledException { CancellationToken.IsCancellationRequested: false } or MailSettingsException;

    /// <summary>
    /// A claim is abandoned when its process is gone: on this machine, no process with its id started at its time.
    /// (The store is a local SQLite file: every sender runs on this machine.) Judging a live sender dead costs no
    /// second copy: its claim is taken over, and it finds so before the end-of-data mark and stops.
    /// </summary>
    internal static bool IsAbandoned(string claimer)
    {
        var parts = claimer.Split(':');
        if (parts.Length != 3 || parts[0] != Environment.MachineName || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var pid))
        {
            return true;
        }
        if (claimer == Claimer)
        {
            return true; // this process's own claim from an earlier pass that threw: not sending it now
        }
        try
        {
            using var process = Process.GetProcessById(pid);
            // On Linux a process's start time is the boot time each process works out for itself (now less the time
            // since boot) plus the start in clock ticks, so two processes see the same start a few milliseconds
            // apart. A reused process id does not start within a second of the process that had it.
            return !long.TryParse(parts[2], CultureInfo.InvariantCulture, out var claimedStart)
                || Math.Abs(process.StartTime.ToUniversalTime().Ticks - claimedStart) > TimeSpan.TicksPerSecond;
        }
        catch (ArgumentException)
        {
            return true; // no such process
        }
        catch (InvalidOperationException)
        {
            return true; // it exited while we looked
        }
    }

    private static string ProcessStart()
    {
        using var process = Process.GetCurrentProcess();
        return process.StartTime.ToUniversalTime().Ticks.ToString(CultureInfo.InvariantCulture);
    }
}

/// <summary>
/// Runs an action once, as MailKit reports the whole message written to the server. MailKit's DATA path reports each
/// write of the dot-stuffed message and writes the end-of-data mark (CRLF.CRLF) only after the last report; the total
/// it reports against is the message before dot-stuffing, so the count reaches it at the last write or slightly
/// before, never after (a sender that dies in between leaves a message in doubt that the server never got whole:
/// it shows to the operator; it is never a second copy).
/// </summary>
internal sealed class WholeMessageWatch(Action onWholeMessage) : ITransferProgress
{
    public bool Reached { get; private set; }

    public void Report(long bytesTransferred, long totalSize)
    {
        if (!Reached && bytesTransferred >= totalSize)
        {
            onWholeMessage();
            Reached = true;
        }
    }

    // MailKit reports against a total whenever it is given a progress to report to; without one the end is unknown.
    public void Report(long bytesTransferred)
    {
    }
}

/// <summary>The sender no longer holds the claim on the message it is sending: another sender took it over.</summary>
internal sealed class ClaimLostException() : Exception("another sender took this message over");

/// <summary>The mail settings do not fit the server (a user set for a server that offers no login).</summary>
public sealed class MailSettingsException(string message) : Exception(message);
