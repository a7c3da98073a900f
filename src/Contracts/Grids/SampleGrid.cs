using SkiaSharp;
using ZImageSweep.Contracts.Artifacts;

namespace ZImageSweep.Contracts.Grids;

/// <summary>
/// A comparison grid as one PNG: a header row with the column labels (prompts), a label column with the row labels
/// (arms), and each cell's image scaled to fit; a cell without an image says so instead of silently disappearing.
/// Every text is drawn with the embedded <see cref="LabelTypeface"/> and kept inside its box.
/// </summary>
public static class SampleGrid
{
    const int Pad = 8, LabelWidth = 260, HeaderHeight = 64, TitleHeight = 36;
    const float TextSize = 15;

    /// <param name="cells">cells[row][column]: an image path, or null where the arm has no image for that column.</param>
    /// <param name="missingText">What an empty cell says (e.g. "not reached").</param>
    public static void Write(string path, string title, IReadOnlyList<string> rowLabels, IReadOnlyList<string> columnLabels,
        IReadOnlyList<IReadOnlyList<string?>> cells, int cellSize = 256, string missingText = "no image")
    {
        int width = LabelWidth + columnLabels.Count * (cellSize + Pad) + Pad;
        int height = TitleHeight + HeaderHeight + rowLabels.Count * (cellSize + Pad) + Pad;
        using var bitmap = new SKBitmap(width, height);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        using var font = new SKFont(LabelTypeface.Default, TextSize);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var grey = new SKPaint { Color = new SKColor(0xDD, 0xDD, 0xDD) };

        using (var titleFont = new SKFont(LabelTypeface.Default, TextSize + 3))
            DrawWrapped(canvas, title, Pad, 0, width - 2 * Pad, TitleHeight - 8, titleFont, ink);
        for (int c = 0; c < columnLabels.Count; c++)
            DrawWrapped(canvas, columnLabels[c], LabelWidth + c * (cellSize + Pad), TitleHeight, cellSize, HeaderHeight, font, ink);
        for (int r = 0; r < rowLabels.Count; r++)
        {
            int top = TitleHeight + HeaderHeight + r * (cellSize + Pad);
            DrawWrapped(canvas, rowLabels[r], Pad, top, LabelWidth - 2 * Pad, cellSize, font, ink);
            for (int c = 0; c < columnLabels.Count; c++)
            {
                var cell = SKRect.Create(LabelWidth + c * (cellSize + Pad), top, cellSize, cellSize);
                if (cells[r][c] is { } image && File.Exists(image))
                {
                    using var source = SKImage.FromEncodedData(image) ?? throw new ImageDecodeException(image, "cannot be decoded");
                    canvas.DrawImage(source, Fit(source.Width, source.Height, cell), new SKSamplingOptions(SKCubicResampler.Mitchell));
                }
                else
                {
                    canvas.DrawRect(cell, grey);
                    string fitted = LabelLayout.Lines(missingText, cell.Width - 2 * Pad, 1, text => font.MeasureText(text))[0];
                    canvas.DrawText(fitted, cell.MidX, cell.MidY, SKTextAlign.Center, font, ink);
                }
            }
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using SKData png = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        AtomicFile.Write(path, stream => png.SaveTo(stream));
    }

    /// <summary>The largest rectangle of the image's aspect ratio centred in the cell.</summary>
    static SKRect Fit(int imageWidth, int imageHeight, SKRect cell)
    {
        float scale = Math.Min(cell.Width / imageWidth, cell.Height / imageHeight);
        float w = imageWidth * scale, h = imageHeight * scale;
        return SKRect.Create(cell.MidX - w / 2, cell.MidY - h / 2, w, h);
    }

    /// <summary>The label's lines that fit the box (<see cref="LabelLayout"/>), drawn from its top left.</summary>
    static void DrawWrapped(SKCanvas canvas, string text, float left, float top, float width, float height, SKFont font, SKPaint paint)
    {
        float lineHeight = font.Size * 1.25f;
        var lines = LabelLayout.Lines(text, width, Math.Max(1, (int)(height / lineHeight)), line => font.MeasureText(line));
        for (int i = 0; i < lines.Count; i++) canvas.DrawText(lines[i], left, top + (i + 1) * lineHeight, SKTextAlign.Left, font, paint);
    }
}
