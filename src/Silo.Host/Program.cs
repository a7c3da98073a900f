using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using ZImageSweep.Silo.Hosting;

var builder = WebApplication.CreateBuilder(args);
// --tokens-file, --tls-cert, ... as zsweep serve spells them, besides the --Section:Key form of every setting.
builder.Configuration.AddCommandLine(args, SweepCommandLine.SwitchMappings.ToDictionary());
builder.AddSweepSilo();
var app = builder.Build();
app.MapSweepSilo();
await app.RunAsync();
