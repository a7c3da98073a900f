using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using ZImageSweep.Client.Commands.Sample;
using ZImageSweep.Engine.Runtime;
using ZImageSweep.Engine.TinyModels;

namespace ZImageSweep.Client.Commands.TinyModel;

/// <summary>
/// <c>zsweep tiny-model &lt;dir&gt;</c>: writes a random tiny Z-Image model (diffusers layout, tokenizer, VAE, training
/// adapters v1/v2) for tests and demos. The same seed always gives byte-identical files.
/// </summary>
public sealed class TinyModelCommand(IAnsiConsole console) : Command<TinyModelCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<DIR>")]
        [Description("Folder to write the model into.")]
        public string Directory { get; init; } = "";

        [CommandOption("-s|--seed <SEED>")]
        [Description("Seed of every random weight.")]
        [DefaultValue(0L)]
        public long Seed { get; init; }

        [CommandOption("-f|--force")]
        [Description("Write into a folder that is not empty (files of the same name are replaced).")]
        public bool Force { get; init; }

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Directory) ? ValidationResult.Error("<DIR> must not be empty") : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        string dir = Path.GetFullPath(settings.Directory);
        if (File.Exists(dir))
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(dir)} is a file, not a folder");
            return 1;
        }
        if (!settings.Force && System.IO.Directory.Exists(dir) && System.IO.Directory.EnumerateFileSystemEntries(dir).Any())
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(dir)} exists and is not empty; pass --force to write into it");
            return 1;
        }
        LibTorchLoader.EnsureLoaded();
        TinyModelFolder model = TinyModelWriter.Write(dir, settings.Seed);
        var table = new Table().Border(TableBorder.Rounded).AddColumn("File").AddColumn(new TableColumn("Bytes").RightAligned());
        foreach (string file in model.Files)
            table.AddRow(Markup.Escape(file), new FileInfo(Path.Combine(dir, file)).Length.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
        console.Write(table);
        console.MarkupLine($"Tiny Z-Image model (seed {settings.Seed}) written to {Markup.Escape(dir)}");
        console.MarkupLine($"Try: zsweep sample --model {Markup.Escape(dir)} --prompt \"a photo of a cat\" --width 64 --height 64 --lora {Markup.Escape(model.Adapter("v1"))}");
        return 0;
    }
}
