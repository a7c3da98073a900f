using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Offloading;

/// <summary>
/// Copies on a CUDA side stream through the native shim src/Engine/Native/zsweep_cuda_streams.cpp (TorchSharp 0.107
/// has no stream API): the copies are issued with the side stream current, an event recorded after them, and the
/// compute stream waits for that event on the GPU only when the block is about to run, so a prefetched block's copy
/// overlaps the compute before it. Used when <c>ZSWEEP_CUDA_STREAMS</c> names the built library.
/// </summary>
public sealed class CudaSideStream : IBlockCopyStream
{
    public const string LibraryVariable = "ZSWEEP_CUDA_STREAMS";

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] delegate IntPtr CreateFunction(int device);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] delegate int EnterFunction(IntPtr stream);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] delegate IntPtr ExitFunction(IntPtr stream);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] delegate int HandleFunction(IntPtr handle);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] delegate void DestroyFunction(IntPtr handle);

    readonly EnterFunction _enter;
    readonly ExitFunction _exit;
    readonly HandleFunction _block;
    readonly HandleFunction _recordStream;
    readonly DestroyFunction _destroyEvent;
    readonly IntPtr _stream;
    readonly string _path;

    CudaSideStream(IntPtr library, string path, Device device)
    {
        T Export<T>(string name) => Marshal.GetDelegateForFunctionPointer<T>(NativeLibrary.GetExport(library, name));
        _enter = Export<EnterFunction>("zsweep_side_stream_enter");
        _exit = Export<ExitFunction>("zsweep_side_stream_exit");
        _block = Export<HandleFunction>("zsweep_event_block");
        _recordStream = Export<HandleFunction>("zsweep_record_stream");
        _destroyEvent = Export<DestroyFunction>("zsweep_event_destroy");
        _path = path;
        _stream = Export<CreateFunction>("zsweep_side_stream_create")(device.index);
        if (_stream == IntPtr.Zero) throw new InvalidOperationException($"{LibraryVariable}={path}: no CUDA stream could be created on {device}");
    }

    /// <summary>The side stream on a CUDA <paramref name="device"/> when the variable names the shim; null otherwise.</summary>
    /// <exception cref="InvalidOperationException">the variable names a library that cannot be loaded.</exception>
    public static CudaSideStream? TryLoad(Device device)
    {
        string? path = Environment.GetEnvironmentVariable(LibraryVariable);
        if (device.type != DeviceType.CUDA || string.IsNullOrEmpty(path)) return null;
        if (!NativeLibrary.TryLoad(path, out IntPtr library))
            throw new InvalidOperationException($"{LibraryVariable}={path}: the side-stream library cannot be loaded (build it with src/Engine/Native/build-cuda-streams.sh)");
        return new CudaSideStream(library, path, device);
    }

    public bool Overlaps => true;

    public string Description => $"copies on a CUDA side stream ({_path}), the next block prefetched while the current one computes";

    public ICopyFence Issue(Action issue)
    {
        if (_enter(_stream) != 0) throw new InvalidOperationException("switching to the CUDA side stream failed");
        IntPtr done;
        try
        {
            issue();
        }
        finally
        {
            done = _exit(_stream); // the compute stream is current again even when a copy threw
        }
        if (done == IntPtr.Zero) throw new InvalidOperationException("recording the side stream's copy event failed");
        return new EventFence(this, done);
    }

    sealed class EventFence(CudaSideStream owner, IntPtr done) : ICopyFence
    {
        public void Join(IEnumerable<Tensor> copied)
        {
            if (owner._block(done) != 0) throw new InvalidOperationException("waiting for the side stream's copies failed");
            foreach (Tensor tensor in copied)
                if (owner._recordStream(tensor.Handle) != 0) throw new InvalidOperationException("record_stream on a copied block tensor failed");
        }

        public void Dispose() => owner._destroyEvent(done);
    }
}
