using System.Text;
using PaperRadar.Cli;

Console.OutputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
var parse = CommandLine.Build().Parse(args);
if (parse.Errors.Count > 0)
{
    // Usage errors go to standard error only: with --json, standard output carries nothing but JSON.
    foreach (var error in parse.Errors)
    {
        Console.Error.WriteLine($"paperradar: {error.Message}");
    }
    Console.Error.WriteLine("paperradar: see 'paperradar --help' or 'paperradar VERB --help'");
    return 1;
}
return parse.Invoke();
