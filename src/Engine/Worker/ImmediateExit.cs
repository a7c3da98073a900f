using System.Runtime.InteropServices;

namespace ZImageSweep.Engine.Worker;

/// <summary>
/// Ends the process now, from any thread, with an exit code the supervisor can read. <see cref="Environment.Exit"/>
/// runs the native exit handlers (libtorch's static destructors) while the training thread may still be inside
/// libtorch, which crashed a worker with SIGSEGV (exit 139) instead of its code; POSIX <c>_exit</c> skips them, and a
/// worker that must not save anything has nothing to flush but the stderr line already written.
/// </summary>
static partial class ImmediateExit
{
    public static void With(int code)
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) PosixExit(code);
        Environment.Exit(code);
    }

    [LibraryImport("libc", EntryPoint = "_exit")]
    private static partial void PosixExit(int code);
}
