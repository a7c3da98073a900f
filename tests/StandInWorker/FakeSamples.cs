using SkiaSharp;
using ZImageSweep.Contracts.Artifacts;
using ZImageSweep.Contracts.Workers;

namespace ZImageSweep.StandInWorker;

/// <summary>
/// Preview "samples" for grid tests: two prompts, one 32×32 PNG each in a colour derived from the arm's name (so each
/// arm's row in a grid is recognisable), under <c>samples/</c> like the engine's.
/// </summary>
public static class FakeSamples
{
    public static readonly string[] Prompts = ["a red block", "a blue block"];

    public static SamplesWrittenEvent Write(TrainingOutput arm, long step)
    {
        var colour = ColourOf(arm.Name);
        var files = new List<SampleFile>();
        for (int prompt = 0; prompt < Prompts.Length; prompt++)
        {
            string path = Path.Combine(arm.SamplesFolder, $"{step:D9}_{prompt}.png");
            using var bitmap = new SKBitmap(32, 32);
            bitmap.Erase(colour);
            using var png = bitmap.Encode(SKEncodedImageFormat.Png, 100);
            AtomicFile.Write(path, png.SaveTo);
            files.Add(new SampleFile(path, prompt, Prompts[prompt], LoraWeight: 1.0));
        }
        return new SamplesWrittenEvent(step, files);
    }

    public static SKColor ColourOf(string armName)
    {
        uint hash = (uint)armName.Aggregate(17, (h, c) => h * 31 + c);
        return new SKColor((byte)hash, (byte)(hash >> 8), (byte)(hash >> 16));
    }
}
