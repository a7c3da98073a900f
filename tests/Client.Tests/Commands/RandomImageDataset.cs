using ZImageSweep.Engine.Imaging;
using static TorchSharp.torch;

namespace ZImageSweep.Client.Tests.Commands;

/// <summary>Two random 64×64 images with captions: the smallest dataset a tiny-model job trains on.</summary>
internal static class RandomImageDataset
{
    public static void Write(string folder)
    {
        Directory.CreateDirectory(folder);
        var generator = new Generator(3);
        for (int i = 0; i < 2; i++)
        {
            using var scope = NewDisposeScope();
            ImageFile.Save(rand([3, 64, 64], generator: generator), Path.Combine(folder, $"img{i}.png"));
            File.WriteAllText(Path.Combine(folder, $"img{i}.txt"), $"a colour field {i}");
        }
    }
}
