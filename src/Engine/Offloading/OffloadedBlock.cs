using TorchSharp;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Offloading;

/// <summary>
/// The frozen tensors of one offloaded block: their bytes live in host memory (pinned when the compute device is a
/// GPU, so copies can run without staging), and on the device the block holds empty placeholders except from its
/// prefetch or call to the end of that call. Every tensor made here is kept out of TorchSharp's dispose scopes: a
/// block is brought in and sent back inside the model's forward scope and on the autograd thread, and its lifetime is
/// the block's, not the scope's.
/// </summary>
sealed class OffloadedBlock : IDisposable
{
    sealed record Held(FrozenTensor Tensor, Tensor Host);

    readonly List<Held> _held;
    readonly Device _device;
    ICopyFence? _pending;

    public OffloadedBlock(IReadOnlyList<FrozenTensor> tensors, Device device)
    {
        _device = device;
        _held = tensors.Select(t => new Held(t, ToHost(t.Read()))).ToList();
        SendBack();
    }

    public long HostBytes => _held.Sum(h => h.Host.numel() * h.Host.element_size());

    /// <summary>On the device, or on its way there.</summary>
    public bool Placed { get; private set; } = true;

    /// <summary>Starts the copies on <paramref name="stream"/> and puts the device tensors in place; nothing if already placed.</summary>
    public void Prefetch(IBlockCopyStream stream)
    {
        if (Placed) return;
        _pending = stream.Issue(() =>
        {
            foreach (Held h in _held) h.Tensor.Write(h.Host.to(_device, non_blocking: true).DetachFromDisposeScope());
        });
        Placed = true;
    }

    /// <summary>The weights usable by the next kernels on the compute stream (prefetched or copied now).</summary>
    public void BringIn(IBlockCopyStream stream)
    {
        Prefetch(stream);
        if (_pending is null) return;
        _pending.Join(_held.Select(h => h.Tensor.Read()));
        _pending.Dispose();
        _pending = null;
    }

    /// <summary>Drops the device copies: an empty tensor of the same dtype takes each one's place.</summary>
    public void SendBack()
    {
        foreach (Held h in _held) h.Tensor.Write(empty(0, dtype: h.Host.dtype, device: _device).DetachFromDisposeScope());
        Placed = false;
    }

    Tensor ToHost(Tensor tensor)
    {
        using var scope = NewDisposeScope();
        Tensor host = tensor.detach().to(CPU, copy: true);
        if (_device.type == DeviceType.CUDA) host = host.pin_memory();
        return host.MoveToOuterDisposeScope().DetachFromDisposeScope();
    }

    /// <summary>Puts the weights back on the device for good (the model works as if never offloaded) and frees the host copies.</summary>
    public void Dispose()
    {
        BringIn(ComputeStreamCopies.Instance);
        FreeHostCopies();
    }

    /// <summary>Frees the host copies and leaves the placeholders; a prefetch still in flight is joined first, so no copy reads freed memory.</summary>
    public void Discard()
    {
        if (_pending is not null) BringIn(ComputeStreamCopies.Instance);
        FreeHostCopies();
    }

    void FreeHostCopies()
    {
        foreach (Held h in _held) h.Host.Dispose();
        _held.Clear();
    }
}
