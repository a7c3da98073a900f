using System.Text.Json;
using ZImageSweep.Engine.IO;
using ZImageSweep.Engine.ModelConfigFiles;

namespace ZImageSweep.Engine.Models.Vae;

/// <summary>
/// The diffusers <c>AutoencoderKL</c> configuration (<c>vae/config.json</c>). Keys absent from the JSON take
/// diffusers' constructor defaults (so the reference files' short metadata configs read the same way diffusers
/// reads them); keys present must have the right JSON type. Only the FLUX-style architecture is supported:
/// SiLU, <c>DownEncoderBlock2D</c> / <c>UpDecoderBlock2D</c> blocks.
/// </summary>
public sealed record AutoencoderKLConfig
{
    public const string DownEncoderBlock2D = "DownEncoderBlock2D";
    public const string UpDecoderBlock2D = "UpDecoderBlock2D";

    public int InChannels { get; init; } = 3;
    public int OutChannels { get; init; } = 3;
    public IReadOnlyList<int> BlockOutChannels { get; init; } = [64];
    public IReadOnlyList<string> DownBlockTypes { get; init; } = [DownEncoderBlock2D];
    public IReadOnlyList<string> UpBlockTypes { get; init; } = [UpDecoderBlock2D];
    public int LayersPerBlock { get; init; } = 1;
    public int LatentChannels { get; init; } = 4;
    public int NormNumGroups { get; init; } = 32;
    public bool MidBlockAddAttention { get; init; } = true;
    public bool UseQuantConv { get; init; } = true;
    public bool UsePostQuantConv { get; init; } = true;
    public double ScalingFactor { get; init; } = 0.18215;
    /// <summary>null in the JSON (SD-style VAEs) means no shift.</summary>
    public double ShiftFactor { get; init; }
    /// <summary>diffusers' hint that the VAE should run in fp32; informational (the caller picks the dtype).</summary>
    public bool ForceUpcast { get; init; } = true;

    /// <summary>Pixels per latent along each axis: one 2× downsampler per block except the last.</summary>
    public int DownsampleFactor => 1 << (BlockOutChannels.Count - 1);

    /// <summary>Z-Image's (FLUX.1's) VAE, docs/model.md#vae.</summary>
    public static AutoencoderKLConfig Flux { get; } = new()
    {
        BlockOutChannels = [128, 256, 512, 512],
        DownBlockTypes = [DownEncoderBlock2D, DownEncoderBlock2D, DownEncoderBlock2D, DownEncoderBlock2D],
        UpBlockTypes = [UpDecoderBlock2D, UpDecoderBlock2D, UpDecoderBlock2D, UpDecoderBlock2D],
        LayersPerBlock = 2,
        LatentChannels = 16,
        UseQuantConv = false,
        UsePostQuantConv = false,
        ScalingFactor = 0.3611,
        ShiftFactor = 0.1159,
    };

    /// <summary>Keys diffusers writes that do not change the module or the latent transform.</summary>
    static readonly HashSet<string> IgnoredKeys = ["sample_size", "latents_mean", "latents_std"];

    /// <exception cref="ModelConfigException">a key has the wrong type, an unsupported value, or is unknown.</exception>
    public static AutoencoderKLConfig FromFile(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"VAE config not found: {path}", path);
        return FromJson(File.ReadAllText(path), path);
    }

    /// <summary>The configuration stored as JSON under the <c>config</c> key of a safetensors file's metadata.</summary>
    public static AutoencoderKLConfig FromMetadata(SafeTensorsFile file, string key = "config") =>
        file.Metadata.TryGetValue(key, out string? json)
            ? FromJson(json, $"{file.Path} metadata '{key}'")
            : throw new ModelConfigException(file.Path, key, "no such metadata entry");

    /// <param name="source">where the JSON came from (a path, or "file.safetensors metadata"), for error messages.</param>
    public static AutoencoderKLConfig FromJson(string json, string source)
    {
        var reader = new JsonConfigReader(source);
        JsonElement root = reader.ParseObject(json);
        var config = new AutoencoderKLConfig();
        foreach (JsonProperty p in root.EnumerateObject())
        {
            JsonElement v = p.Value;
            config = p.Name switch
            {
                "in_channels" => config with { InChannels = reader.Int(p.Name, v) },
                "out_channels" => config with { OutChannels = reader.Int(p.Name, v) },
                "block_out_channels" => config with { BlockOutChannels = reader.IntList(p.Name, v) },
                "down_block_types" => config with { DownBlockTypes = reader.StringList(p.Name, v) },
                "up_block_types" => config with { UpBlockTypes = reader.StringList(p.Name, v) },
                "layers_per_block" => config with { LayersPerBlock = reader.Int(p.Name, v) },
                "latent_channels" => config with { LatentChannels = reader.Int(p.Name, v) },
                "norm_num_groups" => config with { NormNumGroups = reader.Int(p.Name, v) },
                "mid_block_add_attention" => config with { MidBlockAddAttention = reader.Bool(p.Name, v) },
                "use_quant_conv" => config with { UseQuantConv = reader.Bool(p.Name, v) },
                "use_post_quant_conv" => config with { UsePostQuantConv = reader.Bool(p.Name, v) },
                "scaling_factor" => config with { ScalingFactor = reader.Double(p.Name, v) },
                "shift_factor" => config with { ShiftFactor = v.ValueKind == JsonValueKind.Null ? 0 : reader.Double(p.Name, v) },
                "force_upcast" => config with { ForceUpcast = reader.Bool(p.Name, v) },
                "act_fn" => reader.String(p.Name, v) == "silu" ? config
                    : throw new ModelConfigException(source, p.Name, $"'{v}' is not supported; only 'silu'"),
                "_class_name" => reader.String(p.Name, v) == "AutoencoderKL" ? config
                    : throw new ModelConfigException(source, p.Name, $"'{v}' is not an AutoencoderKL config"),
                _ when p.Name.StartsWith('_') || IgnoredKeys.Contains(p.Name) => config,
                _ => throw new ModelConfigException(source, p.Name, "unknown AutoencoderKL config key"),
            };
        }
        config.Validate(source);
        return config;
    }

    /// <exception cref="ModelConfigException">the values do not describe a buildable FLUX-style VAE.</exception>
    public void Validate(string source)
    {
        void Require(bool ok, string key, string reason)
        {
            if (!ok) throw new ModelConfigException(source, key, reason);
        }
        Require(InChannels > 0, "in_channels", $"must be positive, got {InChannels}");
        Require(OutChannels > 0, "out_channels", $"must be positive, got {OutChannels}");
        Require(LatentChannels > 0, "latent_channels", $"must be positive, got {LatentChannels}");
        Require(LayersPerBlock > 0, "layers_per_block", $"must be positive, got {LayersPerBlock}");
        Require(NormNumGroups > 0, "norm_num_groups", $"must be positive, got {NormNumGroups}");
        Require(BlockOutChannels.Count > 0, "block_out_channels", "must not be empty");
        foreach (int c in BlockOutChannels)
            Require(c > 0 && c % NormNumGroups == 0, "block_out_channels", $"{c} is not a positive multiple of norm_num_groups {NormNumGroups}");
        Require(DownBlockTypes.Count == BlockOutChannels.Count, "down_block_types",
            $"has {DownBlockTypes.Count} entries but block_out_channels has {BlockOutChannels.Count}");
        Require(UpBlockTypes.Count == BlockOutChannels.Count, "up_block_types",
            $"has {UpBlockTypes.Count} entries but block_out_channels has {BlockOutChannels.Count}");
        foreach (string t in DownBlockTypes)
            Require(t == DownEncoderBlock2D, "down_block_types", $"'{t}' is not supported; only {DownEncoderBlock2D}");
        foreach (string t in UpBlockTypes)
            Require(t == UpDecoderBlock2D, "up_block_types", $"'{t}' is not supported; only {UpDecoderBlock2D}");
        Require(double.IsFinite(ScalingFactor) && ScalingFactor != 0, "scaling_factor", $"must be finite and non-zero, got {ScalingFactor}");
        Require(double.IsFinite(ShiftFactor), "shift_factor", $"must be finite, got {ShiftFactor}");
    }
}
