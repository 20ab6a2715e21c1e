using System.Text.Json;

namespace LlmLang.Runtime.Tokenization;

/// <summary>Reads tokenizer files, turning I/O failures into errors that name the file.</summary>
internal static class TokenizerFile
{
    public static byte[] ReadAllBytes(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TokenizerFormatException(path, Describe(e), e);
        }
    }

    public static string ReadAllText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TokenizerFormatException(path, Describe(e), e);
        }
    }

    public static JsonDocument ReadJson(string path)
    {
        string text = ReadAllText(path);
        try
        {
            return JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            throw new TokenizerFormatException(path, $"malformed JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: {e.Message}", e);
        }
    }

    private static string Describe(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => "file not found",
        UnauthorizedAccessException => "access denied",
        _ => e.Message,
    };
}
