using System.Text.Json;
using ZImageSweep.Engine.ModelConfigFiles;

namespace ZImageSweep.Engine.Models.ZImage;

/// <summary>
/// Parses snake_case Z-Image configuration JSON (diffusers <c>config.json</c>, or the reference files' metadata).
/// Missing keys keep the official constructor defaults; keys diffusers adds for bookkeeping or for the out-of-scope
/// Omni path are tolerated; any other key, and any value of the wrong type, is an error naming the key.
/// </summary>
public static class ZImageConfigReader
{
    /// <summary>Keys that carry no architecture information for the text-to-image model.</summary>
    static readonly HashSet<string> Tolerated = new(StringComparer.Ordinal) { "siglip_feat_dim" };

    public static ZImageConfig Read(string json, string source)
    {
        var reader = new JsonConfigReader(source);
        var config = new ZImageConfig();
        foreach (JsonProperty p in reader.ParseObject(json).EnumerateObject())
            config = Apply(config, p, reader);
        return config.Validate(source);
    }

    static ZImageConfig Apply(ZImageConfig c, JsonProperty p, JsonConfigReader r)
    {
        JsonElement v = p.Value;
        return p.Name switch
        {
            "dim" => c with { Dim = r.Int(p.Name, v) },
            "n_layers" => c with { NLayers = r.Int(p.Name, v) },
            "n_refiner_layers" => c with { NRefinerLayers = r.Int(p.Name, v) },
            "n_heads" => c with { NHeads = r.Int(p.Name, v) },
            "n_kv_heads" => c with { NKvHeads = r.Int(p.Name, v) },
            "cap_feat_dim" => c with { CapFeatDim = r.Int(p.Name, v) },
            "axes_dims" => c with { AxesDims = r.IntList(p.Name, v) },
            "axes_lens" => c with { AxesLens = r.IntList(p.Name, v) },
            "in_channels" => c with { InChannels = r.Int(p.Name, v) },
            "all_patch_size" => c with { PatchSize = Single(r.IntList(p.Name, v), p.Name, r) },
            "all_f_patch_size" => c with { FPatchSize = Single(r.IntList(p.Name, v), p.Name, r) },
            "norm_eps" => c with { NormEps = r.Double(p.Name, v) },
            "qk_norm" => c with { QkNorm = r.Bool(p.Name, v) },
            "rope_theta" => c with { RopeTheta = r.Double(p.Name, v) },
            "t_scale" => c with { TScale = r.Double(p.Name, v) },
            _ when p.Name.StartsWith('_') || Tolerated.Contains(p.Name) => c, // _class_name, _diffusers_version, ...
            _ => throw r.Error(p.Name, "unknown Z-Image transformer key"),
        };
    }

    static int Single(int[] values, string key, JsonConfigReader r) =>
        values.Length == 1 ? values[0] : throw r.Error(key, $"must hold exactly one patch size (got [{string.Join(", ", values)}])");
}
