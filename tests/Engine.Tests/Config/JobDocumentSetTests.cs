using YamlDotNet.RepresentationModel;
using ZImageSweep.Contracts.Jobs;

namespace ZImageSweep.Engine.Tests.Config;

[Trait(Tier.Name, Tier.Unit)]
public sealed class JobDocumentSetTests
{
    static void Set(JobDocument doc, string path, YamlNode value) => doc.Set(JobKeyPath.Parse(path), value);

    [Fact]
    public void SetByRelativePath_ChangesTheProcessValue()
    {
        var doc = JobYaml.Parse(JobYaml.UiTurbo);

        Set(doc, "train.lr", YamlScalars.Number(7.1e-5));
        Set(doc, "network.linear", YamlScalars.Number(16));
        Set(doc, "model.assistant_lora_path", YamlScalars.Text("/adapters/v1.safetensors"));

        var p = doc.Bind().Process;
        Assert.Equal(7.1e-5, p.Train.Lr);
        Assert.Equal(16, p.Network.Linear);
        Assert.Equal("/adapters/v1.safetensors", p.Model.AssistantLoraPath);
    }

    [Fact]
    public void SetCreatesMissingSections()
    {
        var doc = JobYaml.Parse(JobYaml.Minimal);

        Set(doc, "sample.seed", YamlScalars.Number(7));

        Assert.Equal(7, doc.Bind().Process.Sample.Seed);
    }

    [Fact]
    public void SetByAbsolutePathAndListIndex()
    {
        var doc = JobYaml.Parse(JobYaml.Minimal);

        Set(doc, "config.name", YamlScalars.Text("renamed"));
        Set(doc, "datasets[0].resolution", new YamlSequenceNode(YamlScalars.Number(256), YamlScalars.Number(384)));

        var job = doc.Bind();
        Assert.Equal("renamed", job.Name);
        Assert.Equal([256, 384], job.Process.Datasets[0].Resolution);
    }

    [Fact]
    public void SetOfAnUnknownKey_IsRejectedByTheNextBind()
    {
        var doc = JobYaml.Parse(JobYaml.Minimal);

        Set(doc, "train.learning_rate", YamlScalars.Number(1e-4));

        Assert.Equal("config.process[0].train.learning_rate", Assert.Single(Assert.Throws<JobConfigException>(doc.Bind).Errors).Path);
    }

    [Fact]
    public void SetOfARejectedValue_IsRejectedByTheNextBind()
    {
        var doc = JobYaml.Parse(JobYaml.Minimal);

        Set(doc, "train.lr", YamlScalars.Number(0.0));

        Assert.Equal("config.process[0].train.lr", Assert.Single(Assert.Throws<JobConfigException>(doc.Bind).Errors).Path);
    }

    [Fact]
    public void SetThroughAMissingListItem_Throws()
    {
        var doc = JobYaml.Parse(JobYaml.Minimal);

        var e = Assert.Throws<JobConfigException>(() => Set(doc, "datasets[3].flip_x", new YamlScalarNode("true")));

        Assert.Equal("config.process[0].datasets[3].flip_x", Assert.Single(e.Errors).Path);
    }

    [Fact]
    public void SetThroughAScalar_Throws()
    {
        var doc = JobYaml.Parse(JobYaml.Minimal);

        Assert.Throws<JobConfigException>(() => Set(doc, "model.arch.x", YamlScalars.Number(1)));
    }

    [Fact]
    public void Clone_IsIndependentOfTheOriginal()
    {
        var doc = JobYaml.Parse(JobYaml.Minimal);
        var copy = doc.Clone("arm.yaml");

        Set(copy, "train.lr", YamlScalars.Number(3e-4));

        Assert.Equal(1e-6, doc.Bind().Process.Train.Lr);
        Assert.Equal(3e-4, copy.Bind().Process.Train.Lr);
        Assert.Equal("arm.yaml", copy.File);
    }

    [Fact]
    public void ToYaml_RoundTripsToTheSameConfig()
    {
        var doc = JobYaml.Parse(JobYaml.UiTurbo);

        var again = JobDocument.Parse(doc.ToYaml(), "again.yaml").Bind();

        Assert.Equal(doc.Bind().Process.Train, again.Process.Train);
        Assert.Equal(doc.Bind().Process.Save, again.Process.Save);
    }

    [Theory]
    [InlineData("train.lr", "config.process[0].train.lr")]
    [InlineData("datasets[0].folder_path", "config.process[0].datasets[0].folder_path")]
    [InlineData("config.name", "config.name")]
    [InlineData("meta.version", "meta.version")]
    public void KeyPaths_AreRelativeToTheProcessUnlessTopLevel(string path, string full) =>
        Assert.Equal(full, JobKeyPath.Parse(path).Text);

    [Theory]
    [InlineData("")]
    [InlineData("train..lr")]
    [InlineData("train.lr.")]
    [InlineData("datasets[x]")]
    public void MalformedKeyPath_IsNotParsed(string path) => Assert.False(JobKeyPath.TryParse(path, out _));
}
