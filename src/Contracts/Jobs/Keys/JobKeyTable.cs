using System.Text;

namespace ZImageSweep.Contracts.Jobs.Keys;

/// <summary>Renders <see cref="JobSchema"/> as the README's Markdown key table (a test keeps the README in step).</summary>
public static class JobKeyTable
{
    public static string Markdown()
    {
        var text = new StringBuilder();
        text.AppendLine($"Written from ostris/ai-toolkit at `{JobSchema.AiToolkitCommit[..7]}` ({JobSchema.AiToolkitCommit}).");
        foreach (JobKeySection section in JobSchema.Sections)
        {
            text.AppendLine().AppendLine($"**`{section.Path}`**").AppendLine();
            text.AppendLine("| Key | ai-toolkit default | Handling | Note |").AppendLine("|---|---|---|---|");
            foreach (JobKey key in section.Keys)
                text.AppendLine($"| `{key.Name}` | `{key.Default}` | {Label(key.Handling)} | {key.Note.Replace("|", "\\|")} |");
        }
        return text.ToString();
    }

    static string Label(KeyHandling handling) => handling switch
    {
        KeyHandling.Honoured => "honoured",
        KeyHandling.NoEffect => "accepted, no effect",
        KeyHandling.DefaultOnly => "default only",
        _ => "ours",
    };
}
