using ZImageSweep.TransientScalarScan;

// dotnet run --project build/TransientScalarScan -c Release -- <TorchSharp checkout>/src/TorchSharp <commit> > build/BannedSymbols.txt
if (args.Length != 2 || !Directory.Exists(args[0]))
{
    Console.Error.WriteLine("usage: TransientScalarScan <TorchSharp checkout>/src/TorchSharp <commit it is at>");
    return 2;
}
var source = TorchSharpSource.Compile(args[0]);
BannedSymbolsFile.Write(Console.Out, args[1], source.ImplicitConversions(), TransientScalarFinder.PublicHazards(source));
return 0;
