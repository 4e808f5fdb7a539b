using System.Runtime.InteropServices;

namespace PaperRadar.Core.IO;

/// <summary>
/// Decompresses a gzip file (one or more concatenated members) with the system zlib and fails loudly on damage.
/// </summary>
/// <remarks>
/// Hand-written because the BCL's GZipStream treats a truncated member as a clean end of stream (checked on
/// .NET 10: half a file reads as half the data, no exception), which would silently import a partial file.
/// zlib's inflate with gzip wrapping checks the CRC-32 and length trailer of every member and tells us when the
/// input ends before a member does. zlib1g (libz.so.1) is an essential package on Debian.
/// </remarks>
public sealed unsafe class ZlibGzipStream : ReadOnlyStream
{
    private const int InputBufferSize = 1 << 16;
    private const int GzipWindowBits = 15 + 16;
    private const int ZOk = 0;
    private const int ZStreamEnd = 1;
    private const int ZBufError = -5;

    private readonly Stream _compressed;
    private readonly bool _leaveOpen;
    private ZStream* _z;
    private byte* _input;
    private bool _memberOpen;
    private bool _atEnd;
    private long _compressedConsumed;
    private InvalidDataException? _damage;

    public ZlibGzipStream(Stream compressed, bool leaveOpen = false)
    {
        _compressed = compressed;
        _leaveOpen = leaveOpen;
        _z = (ZStream*)NativeMemory.AllocZeroed((nuint)sizeof(ZStream));
        _input = (byte*)NativeMemory.Alloc(InputBufferSize);
        var rc = NativeMethods.InflateInit2(_z, GzipWindowBits, "1.2.11", sizeof(ZStream));
        if (rc != ZOk)
        {
            Release();
            throw new InvalidOperationException($"zlib inflateInit2 failed with code {rc}");
        }
    }

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_z == null, this);
        if (_damage is not null)
        {
            throw _damage;
        }
        if (buffer.IsEmpty || _atEnd)
        {
            return 0;
        }
        while (true)
        {
            if (_z->AvailIn == 0)
            {
                var read = _compressed.Read(new Span<byte>(_input, InputBufferSize));
                if (read == 0)
                {
                    if (_memberOpen)
                    {
                        throw new InvalidDataException(
                            $"truncated gzip member: the file ends after {_compressedConsumed:N0} compressed bytes, " +
                            "before the member's end");
                    }
                    _atEnd = true;
                    return 0;
                }
                _compressedConsumed += read;
                _z->NextIn = _input;
                _z->AvailIn = (uint)read;
            }

            if (!_memberOpen)
            {
                // A new member starts here (the first, or one concatenated after the previous).
                if (NativeMethods.InflateReset(_z) != ZOk)
                {
                    throw new InvalidOperationException("zlib inflateReset failed");
                }
                _memberOpen = true;
            }

            int produced;
            int rc;
            fixed (byte* output = buffer)
            {
                _z->NextOut = output;
                _z->AvailOut = (uint)buffer.Length;
                rc = NativeMethods.Inflate(_z, 0);
                produced = buffer.Length - (int)_z->AvailOut;
            }

            if (rc == ZStreamEnd)
            {
                _memberOpen = false;
            }
            else if (rc != ZOk && rc != ZBufError)
            {
                var message = _z->Msg == null ? $"code {rc}" : Marshal.PtrToStringAnsi((nint)_z->Msg);
                _damage = new InvalidDataException(
                    $"damaged gzip data near compressed byte {_compressedConsumed - _z->AvailIn:N0}: {message}");
                if (produced == 0)
                {
                    throw _damage;
                }
                // What this call decompressed before the damage is returned; the next read reports the damage.
            }

            if (produced > 0)
            {
                return produced;
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        Release();
        if (disposing && !_leaveOpen)
        {
            _compressed.Dispose();
        }
        base.Dispose(disposing);
    }

    ~ZlibGzipStream() => Release();

    private void Release()
    {
        if (_z != null)
        {
            _ = NativeMethods.InflateEnd(_z);
            NativeMemory.Free(_z);
            _z = null;
        }
        if (_input != null)
        {
            NativeMemory.Free(_input);
            _input = null;
        }
    }

    /// <summary>zlib's z_stream on LP64 (uLong is 64-bit on Linux x64).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct ZStream
    {
        public byte* NextIn;
        public uint AvailIn;
        public nuint TotalIn;
        public byte* NextOut;
        public uint AvailOut;
        public nuint TotalOut;
        public sbyte* Msg;
        public nint State;
        public nint ZAlloc;
        public nint ZFree;
        public nint Opaque;
        public int DataType;
        public nuint Adler;
        public nuint Reserved;
    }

    private static partial class NativeMethods
    {
        private const string Zlib = "libz.so.1";

        [DllImport(Zlib, EntryPoint = "inflateInit2_", CharSet = CharSet.Ansi, BestFitMapping = false)]
        public static extern int InflateInit2(ZStream* strm, int windowBits, string version, int streamSize);

        [DllImport(Zlib, EntryPoint = "inflate")]
        public static extern int Inflate(ZStream* strm, int flush);

        [DllImport(Zlib, EntryPoint = "inflateReset")]
        public static extern int InflateReset(ZStream* strm);

        [DllImport(Zlib, EntryPoint = "inflateEnd")]
        public static extern int InflateEnd(ZStream* strm);
    }
}
