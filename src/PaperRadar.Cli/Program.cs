using System.Text;
using PaperRadar.Cli;

Console.OutputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
return CommandLine.Build().Parse(args).Invoke();
