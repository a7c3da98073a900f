using Microsoft.AspNetCore.Builder;
using ZImageSweep.Silo.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddSweepSilo();
var app = builder.Build();
app.MapSweepSilo();
await app.RunAsync();
