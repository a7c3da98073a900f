namespace ZImageSweep.Client.Commands.Sample;

/// <summary>
/// Image file names of <c>zsweep sample</c>: <c>{prompt index:000}_{seed}{ext}</c>, with <c>_2</c>, <c>_3</c>, … added
/// when the name is taken, so a second run into the same folder never overwrites the first.
/// </summary>
public static class SampleFileNames
{
    public static string Next(string directory, int promptIndex, long seed, string extension)
    {
        string stem = $"{promptIndex:000}_{seed}";
        string path = Path.Combine(directory, stem + extension);
        for (int n = 2; File.Exists(path); n++) path = Path.Combine(directory, $"{stem}_{n}{extension}");
        return path;
    }
}
