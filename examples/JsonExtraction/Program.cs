using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using LlmLang;
using LlmLang.Examples;
using static LlmLang.Primitives;

// JsonExtraction: Gen<T> fills a C# record; its JSON schema is derived from the type at compile time and the output is
// constrained to it token by token, so even a tiny (or untrained) model returns valid, typed JSON.
return await ExampleHost.RunAsync(args, async backend =>
{
    var result = await Programs.ExtractCityAsync(backend, "Paris is the capital of France. About 2.1 million people live there.");
    Console.WriteLine($"city: {result.City}");
    Console.WriteLine($"capital: {result.Capital}");
    ExampleHost.PrintTrace("extract-city", result.Trace);
});

public sealed record CityInfo(
    [property: Description("The city's name")] string Name,
    [property: Description("The country it is in")] string Country,
    [property: Range(0, 50_000_000)] int Population);

public static partial class Programs
{
    [LlmFunction]
    public static void ExtractCity(ProgramState s, string document)
    {
        s += Role.System("You extract facts as JSON.");
        s += Role.User($"Read this and describe the city:\n{document}");
        s += Role.Assistant(Gen<CityInfo>("city", maxTokens: 96, temperature: 0));
        s += Role.User("Is it a capital?");
        s += Role.Assistant(Select("capital", "yes", "no"));
    }
}
