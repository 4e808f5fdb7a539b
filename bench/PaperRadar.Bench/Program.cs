Console.WriteLine("benchmarks: see CONTRIBUTING.md");
