using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MimeKit;

namespace PaperRadar.IntegrationTests.Support;

/// <summary>
/// A real SMTP server on 127.0.0.1 for the digest tests: Debian's aiosmtpd (<c>python3 -m aiosmtpd</c>) with the
/// handler in smtp_sink.py, which writes each accepted message to a folder. It can be stopped and started again on
/// the same port (a server that is down, then up), and told to drop the connection after DATA or to stop answering
/// at a chosen point (<see cref="Hold"/>).
/// A machine without python3-aiosmtpd fails the test with how to install it (./run-tests installs it).
/// </summary>
public sealed class SmtpSink : IDisposable
{
    private const string Python = "/usr/bin/python3";
    private Process? _server;

    public SmtpSink(string folder, int? port = null)
    {
        Folder = Directory.CreateDirectory(folder).FullName;
        Port = port ?? FreePort();
    }

    public string Folder { get; }

    public int Port { get; }

    /// <summary>The URL to give --smtp / PAPERRADAR_SMTP.</summary>
    public string Url => $"smtp://127.0.0.1:{Port}?tls=none";

    public static SmtpSink Start(string folder)
    {
        var sink = new SmtpSink(folder);
        sink.Up();
        return sink;
    }

    /// <summary>Starts the server (again) and waits until it accepts connections.</summary>
    public void Up()
    {
        if (!File.Exists(Python) || RunPython("-c", "import aiosmtpd") != 0)
        {
            throw new InvalidOperationException("the digest tests need Debian's python3-aiosmtpd: apt-get install -y python3-aiosmtpd (./run-tests installs it)");
        }
        var info = new ProcessStartInfo(Python) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{Port}", "-c", "smtp_sink.Sink", Folder })
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["PYTHONPATH"] = Path.Combine(AppContext.BaseDirectory, "Support");
        _server = Process.Start(info)!;
        _server.StandardOutput.ReadToEndAsync();
        var errors = _server.StandardError.ReadToEndAsync();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (_server.HasExited)
            {
                throw new InvalidOperationException($"the SMTP sink exited: {errors.GetAwaiter().GetResult()}");
            }
            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }
        throw new TimeoutException($"the SMTP sink did not listen on port {Port} within 20 s");
    }

    /// <summary>Stops the server: the port refuses connections until <see cref="Up"/>.</summary>
    public void Down()
    {
        if (_server is { HasExited: false })
        {
            _server.Kill(entireProcessTree: true);
            _server.WaitForExit();
        }
        _server?.Dispose();
        _server = null;
    }

    /// <summary>The next <paramref name="count"/> messages are read to the end of DATA, then the connection is dropped unanswered.</summary>
    public void DropAfterData(int count) => File.WriteAllText(Path.Combine(Folder, "drop-after-data"), count.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Until <see cref="Release"/>, the server stops answering at this point of each message (and says so: <see cref="IsHolding"/>).</summary>
    public void Hold(HoldPoint point) => File.WriteAllText(Path.Combine(Folder, "hold"), point switch
    {
        HoldPoint.Recipient => "rcpt",
        HoldPoint.AfterKeeping => "kept",
        _ => throw new ArgumentOutOfRangeException(nameof(point)),
    });

    /// <summary>Answers again, and waits until no reply is held any more.</summary>
    public void Release()
    {
        File.Delete(Path.Combine(Folder, "hold"));
        var clock = Stopwatch.StartNew();
        while (IsHolding && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            Thread.Sleep(20);
        }
    }

    /// <summary>A reply is being held now.</summary>
    public bool IsHolding => File.Exists(Path.Combine(Folder, "holding"));

    /// <summary>Every message accepted so far, in the order accepted.</summary>
    public IReadOnlyList<MimeMessage> Messages() => Directory.GetFiles(Folder, "*.eml").Order(StringComparer.Ordinal)
        .Select(path =>
        {
            using var stream = File.OpenRead(path);
            return MimeMessage.Load(stream);
        })
        .ToList();

    public void Dispose() => Down();

    /// <summary>Where the server can stop answering.</summary>
    public enum HoldPoint
    {
        /// <summary>At RCPT TO: the client has not sent the message yet, so the server cannot have it.</summary>
        Recipient,

        /// <summary>After the whole message arrived and was kept: the server has it, the client never hears "250".</summary>
        AfterKeeping,
    }

    /// <summary>A port on 127.0.0.1 that nothing listens on now.</summary>
    internal static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static int RunPython(params string[] args)
    {
        var info = new ProcessStartInfo(Python) { UseShellExecute = false, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode;
    }
}
