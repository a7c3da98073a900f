using ZImageSweep.Contracts.Text;
using YamlDotNet.RepresentationModel;
using ZImageSweep.Contracts.Jobs;
using ZImageSweep.Contracts.Jobs.Keys;

namespace ZImageSweep.Engine.Tests.Config;

/// <summary>The key table (Config/Keys) against binding: default-only keys refuse other values, slips get a suggestion.</summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class JobKeySchemaTests
{
    /// <summary>Minimal plus one sample prompt and one validation item, so list-item sections exist to put keys in.</summary>
    static JobDocument EverySection()
    {
        var doc = JobYaml.Parse(JobYaml.Minimal);
        doc.Set(JobKeyPath.Parse("sample.samples"), Yaml("[{prompt: a photo}]"));
        doc.Set(JobKeyPath.Parse("train.validation_config"), Yaml("{validation_items: [{image_path: '', prompt: ''}]}"));
        return doc;
    }

    /// <summary>Where a section's keys go in <see cref="EverySection"/>, relative to the process.</summary>
    static string Prefix(JobKeySection section) => section.Path switch
    {
        "process" => "",
        _ => section.Path.Replace("[]", "[0]") + ".",
    };

    public static TheoryData<string, string> DefaultOnlyKeys()
    {
        var data = new TheoryData<string, string>();
        foreach (var section in JobSchema.Sections.Where(s => s.Path is not ("(job)" or "config")))
            foreach (var key in section.Keys.Where(k => k.Handling == KeyHandling.DefaultOnly))
                data.Add(section.Path, key.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(DefaultOnlyKeys))]
    public void DefaultOnlyKey_WithAnotherValue_IsRefusedNamingKeyValueAndDefault(string sectionPath, string name)
    {
        var section = JobSchema.Sections.Single(s => s.Path == sectionPath);
        var key = section.Find(name)!;
        var doc = EverySection();
        var path = JobKeyPath.Parse(Prefix(section) + name);
        doc.Set(path, OtherValue(key.DefaultNode));

        var error = Assert.Single(Assert.Throws<JobConfigException>(doc.Bind).Errors);

        Assert.Equal(path.Text, error.Path);
        Assert.Contains("is not supported", error.Message);
        Assert.Contains(key.Note, error.Message);
        Assert.EndsWith($"set it to {key.Default}", error.Message);
    }

    [Theory]
    [MemberData(nameof(DefaultOnlyKeys))]
    public void DefaultOnlyKey_AtItsDefault_IsAccepted(string sectionPath, string name)
    {
        var section = JobSchema.Sections.Single(s => s.Path == sectionPath);
        var doc = EverySection();
        doc.Set(JobKeyPath.Parse(Prefix(section) + name), Yaml(section.Find(name)!.Default));

        doc.Bind();
    }

    [Theory]
    [InlineData("network.conv", "64")]
    [InlineData("save.save_format", "diffusers")]
    [InlineData("sample.fps", "30")]
    [InlineData("logging.use_ui_logger", "false")]
    [InlineData("sqlite_db_path", "/elsewhere/aitk_db.db")]
    [InlineData("performance_log_every", "100")]
    [InlineData("model.compile", "true")]
    public void NoEffectKey_IsAcceptedWithAnyValue(string path, string value)
    {
        var doc = EverySection();
        doc.Set(JobKeyPath.Parse(path), Yaml(value));

        doc.Bind();
    }

    [Fact]
    public void NetworkLayerOffloading_IsRefused_TheLoraStaysOnTheGpu()
    {
        var doc = EverySection();
        doc.Set(JobKeyPath.Parse("network.layer_offloading"), Yaml("true"));

        var error = Assert.Single(Assert.Throws<JobConfigException>(doc.Bind).Errors);

        Assert.Equal($"{JobKeyPath.ProcessRoot}.network.layer_offloading", error.Path);
        Assert.Contains("'true' is not supported: the LoRA weights and their optimizer state stay on the GPU", error.Message);
    }

    [Theory]
    [InlineData("train.lr_schedular", "lr_scheduler")]
    [InlineData("train.skip_frist_sample", "skip_first_sample")]
    [InlineData("datasets[0].flipy", "flip_y")]
    [InlineData("model.layer_ofloading", "layer_offloading")]
    [InlineData("sample.sample_evry", "sample_every")]
    [InlineData("trigger_wrod", "trigger_word")]
    [InlineData("train.validation_config.validation_sigma", "validation_sigmas")]
    public void MisspeltKey_IsUnknownWithTheClosestKeySuggested(string path, string suggestion)
    {
        var doc = EverySection();
        doc.Set(JobKeyPath.Parse(path), Yaml("1"));

        var error = Assert.Single(Assert.Throws<JobConfigException>(doc.Bind).Errors);

        Assert.Equal(JobKeyPath.Parse(path).Text, error.Path);
        Assert.Equal($"unknown key; did you mean '{suggestion}'?", error.Message);
    }

    [Fact]
    public void UnknownKeyInASectionWithoutHonouredKeys_ListsThatSectionsKeys()
    {
        var doc = EverySection();
        doc.Set(JobKeyPath.Parse("logging.tensorboard"), Yaml("true"));

        var error = Assert.Single(Assert.Throws<JobConfigException>(doc.Bind).Errors);

        Assert.Equal($"unknown key; known keys here are {string.Join(", ", LoggingKeys.Section.Keys.Select(k => k.Name))}", error.Message);
    }

    [Fact]
    public void EverySection_HasEachKeyOnce()
    {
        Assert.All(JobSchema.Sections, s => Assert.Equal(s.Keys.Count, s.Keys.Select(k => k.Name).Distinct().Count()));
    }

    [Theory]
    [InlineData("lr_schedular", "lr_scheduler", 1)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("ab", "ba", 1)]
    [InlineData("flip_x", "flip_y", 1)]
    [InlineData("", "abc", 3)]
    public void Distance_CountsInsertionsDeletionsSubstitutionsAndSwaps(string a, string b, int expected)
    {
        Assert.Equal(expected, NameSuggestion.Distance(a, b));
    }

    static YamlNode OtherValue(YamlNode @default) => @default switch
    {
        _ when YamlScalars.IsNull(@default) => YamlScalars.Text("unsupported-value"),
        YamlScalarNode s when YamlScalars.TryBool(s, out bool b) => new YamlScalarNode(b ? "false" : "true"),
        YamlScalarNode s when YamlScalars.TryDouble(s, out double d) => YamlScalars.Number(d + 1),
        YamlScalarNode => YamlScalars.Text("unsupported-value"),
        YamlSequenceNode { Children.Count: 0 } => Yaml("[1]"),
        YamlSequenceNode => Yaml("[]"),
        _ => Yaml("{unsupported: 1}"),
    };

    static YamlNode Yaml(string flow) => YamlValues.ParseFlow(flow);
}
