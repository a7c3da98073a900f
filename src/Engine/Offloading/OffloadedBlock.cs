using TorchSharp;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Offloading;

/// <summary>
/// The frozen tensors of one offloaded block: their bytes live in host memory (pinned when the compute device is a
/// GPU, so copies can run without staging), and on the device the block holds empty placeholders except while it
/// computes. Every tensor made here is kept out of TorchSharp's dispose scopes: a block is brought in and sent back
/// inside the model's forward scope and on the autograd thread, and its lifetime is the block's, not the scope's.
/// </summary>
sealed class OffloadedBlock : IDisposable
{
    sealed record Held(FrozenTensor Tensor, Tensor Host);

    readonly List<Held> _held;
    readonly Device _device;

    public OffloadedBlock(IReadOnlyList<FrozenTensor> tensors, Device device)
    {
        _device = device;
        _held = tensors.Select(t => new Held(t, ToHost(t.Read()))).ToList();
        SendBack();
    }

    public long HostBytes => _held.Sum(h => h.Host.numel() * h.Host.element_size());

    public bool OnDevice { get; private set; } = true;

    /// <summary>Copies every tensor to the device (from pinned memory without blocking the host) and puts it in place.</summary>
    public void BringIn()
    {
        foreach (Held h in _held) h.Tensor.Write(h.Host.to(_device, non_blocking: true).DetachFromDisposeScope());
        OnDevice = true;
    }

    /// <summary>Drops the device copies: an empty tensor of the same dtype takes each one's place.</summary>
    public void SendBack()
    {
        foreach (Held h in _held) h.Tensor.Write(empty(0, dtype: h.Host.dtype, device: _device).DetachFromDisposeScope());
        OnDevice = false;
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
        if (!OnDevice) BringIn();
        foreach (Held h in _held) h.Host.Dispose();
        _held.Clear();
    }
}
