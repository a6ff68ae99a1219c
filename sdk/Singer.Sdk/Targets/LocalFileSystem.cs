using System.Runtime.InteropServices;

namespace Singer.Sdk.Targets;

/// <summary>
/// The two questions about a local path .NET cannot answer: where it really is (every symlink and <c>..</c> resolved,
/// as the kernel will open it) and whether it is a regular file (.NET reports devices and FIFOs as ordinary files of
/// length 0, and opening a FIFO blocks). Linux and macOS libc.
/// </summary>
internal static partial class LocalFileSystem
{
    /// <summary>The canonical absolute path (realpath(3)), or null when the path or a directory on it does not exist.</summary>
    public static string? RealPath(string path)
    {
        var resolved = realpath(path, 0);
        if (resolved == 0)
        {
            return null;
        }
        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            free(resolved);
        }
    }

    /// <summary>
    /// True for a regular file, false for a directory, device, FIFO or socket; null when it cannot be told (no statx:
    /// macOS or a libc before glibc 2.28). statx, unlike stat, has one struct layout on every Linux architecture.
    /// </summary>
    public static bool? IsRegularFile(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }
        Span<byte> buffer = stackalloc byte[StatxSize];
        try
        {
            if (statx(AtFdCwd, path, AtSymlinkNoFollow, StatxType, ref MemoryMarshal.GetReference(buffer)) != 0)
            {
                return false;
            }
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }
        var mode = BitConverter.ToUInt16(buffer.Slice(StatxModeOffset, 2));
        return (mode & FileTypeMask) == RegularFileType;
    }

    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const int StatxSize = 256;
    private const int StatxModeOffset = 28; // after stx_mask, stx_blksize (u32), stx_attributes (u64), stx_nlink, stx_uid, stx_gid (u32)
    private const int FileTypeMask = 0xF000; // S_IFMT
    private const int RegularFileType = 0x8000; // S_IFREG

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint realpath(string path, nint resolved);

    [LibraryImport("libc")]
    private static partial void free(nint pointer);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int statx(int directory, string path, int flags, uint mask, ref byte buffer);
}
