using TorchSharp;
using ZImageSweep.Engine.Runtime;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Models.ZImage;

/// <summary>
/// Token layout of one item (docs/model.md#token-layout): latents ↔ patch tokens, padding to a multiple of 32 by
/// repeating the last row, and the 3-axis integer position ids of caption and image tokens.
/// </summary>
public static class ZImagePatches
{
    /// <summary>[C, F, H, W] → [F/pF · H/pH · W/pW, pF·pH·pW·C]; tokens row-major in (f, h, w), channel fastest.</summary>
    public static Tensor Patchify(Tensor image, int patch, int fPatch)
    {
        long c = image.shape[0], f = image.shape[1] / fPatch, h = image.shape[2] / patch, w = image.shape[3] / patch;
        using var scope = NewDisposeScope();
        return image
            .view(c, f, fPatch, h, patch, w, patch) // c (f pf) (h ph) (w pw) -> c f pf h ph w pw
            .permute(1, 3, 5, 2, 4, 6, 0) // -> f h w pf ph pw c
            .reshape(f * h * w, fPatch * patch * patch * c) // -> (f h w) (pf ph pw c)
            .MoveToOuterDisposeScope();
    }

    /// <summary>Inverse of <see cref="Patchify"/> on the first F·H·W/(pF·pH·pW) rows of <paramref name="tokens"/>.</summary>
    public static Tensor Unpatchify(Tensor tokens, (long F, long H, long W) size, int channels, int patch, int fPatch)
    {
        long f = size.F / fPatch, h = size.H / patch, w = size.W / patch;
        using var scope = NewDisposeScope();
        return tokens.narrow(0, 0, f * h * w)
            .view(f, h, w, fPatch, patch, patch, channels) // (f h w) (pf ph pw c) -> f h w pf ph pw c
            .permute(6, 0, 3, 1, 4, 2, 5) // -> c f pf h ph w pw
            .reshape(channels, size.F, size.H, size.W) // -> c (f pf) (h ph) (w pw)
            .MoveToOuterDisposeScope();
    }

    /// <summary>Pads rows up to a multiple of <paramref name="multiple"/> by repeating the last row.</summary>
    /// <returns>the padded rows and a boolean mask, true on the added rows.</returns>
    public static (Tensor Padded, Tensor PadMask) PadToMultiple(Tensor rows, int multiple)
    {
        using var scope = NewDisposeScope();
        long length = rows.shape[0];
        long padding = (multiple - length % multiple) % multiple;
        Tensor padded = padding == 0 ? rows.alias() : cat([rows, rows.narrow(0, length - 1, 1).expand(padding, rows.shape[1])], dim: 0); // (L + pad, D)
        using Scalar realRows = length.ToScalar(); // held (HeldScalars)
        Tensor mask = HeldTensorOps.Arange(0, length + padding, device: rows.device) >= realRows; // (L + pad)
        return (padded.MoveToOuterDisposeScope(), mask.MoveToOuterDisposeScope());
    }

    /// <summary>Caption token j (padding rows included) sits at (1 + j, 0, 0).</summary>
    public static Tensor CaptionPositionIds(long paddedLength, Device device)
    {
        var ids = new long[paddedLength * 3];
        for (long j = 0; j < paddedLength; j++) ids[j * 3] = 1 + j;
        return tensor(ids, [paddedLength, 3], device: device);
    }

    /// <summary>
    /// Image token (f, h, w) sits at (capPaddedLength + 1 + f, h, w); the rows that pad the image tokens to a
    /// multiple of 32 sit at (0, 0, 0).
    /// </summary>
    public static Tensor ImagePositionIds((long F, long H, long W) tokens, long paddedCount, long capPaddedLength, Device device)
    {
        var ids = new long[paddedCount * 3];
        long row = 0;
        for (long f = 0; f < tokens.F; f++)
        for (long h = 0; h < tokens.H; h++)
        for (long w = 0; w < tokens.W; w++, row++)
        {
            ids[row * 3] = capPaddedLength + 1 + f;
            ids[row * 3 + 1] = h;
            ids[row * 3 + 2] = w;
        }
        return tensor(ids, [paddedCount, 3], device: device);
    }
}
