namespace PaperRadar.IntegrationTests.Support;

/// <summary>A clock a test moves by hand, for code that takes a <see cref="TimeProvider"/>.</summary>
public sealed class SettableClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
