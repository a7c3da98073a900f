namespace ZImageSweep.Engine.Tests.Config;

/// <summary>The jobs ai-toolkit's UI saves for the Z-Image presets (Config/AiToolkitUi/README.md), as YAML and as its JSON.</summary>
public static class AiToolkitUiJobs
{
    public static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Config", "AiToolkitUi");

    public static readonly string[] Presets = ["zimage-turbo", "zimage-deturbo", "zimage-base"];

    /// <summary>The UI's own file (<c>.job_config.json</c>) or its YAML view.</summary>
    public static string File(string preset, bool json) => Path.Combine(Folder, json ? $"{preset}.job_config.json" : $"{preset}.yaml");

    public static TheoryData<string, bool> All()
    {
        var data = new TheoryData<string, bool>();
        foreach (string preset in Presets)
        {
            data.Add(preset, true);
            data.Add(preset, false);
        }
        return data;
    }
}
