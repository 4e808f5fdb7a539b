using System.Text.Json;

namespace PaperRadar.Search.Embeddings;

/// <summary>
/// What a Hugging Face model folder says about tokenising for its model: <c>tokenizer_config.json</c> (lower-casing,
/// accent stripping, special tokens, <c>model_max_length</c>), <c>sentence_bert_config.json</c> (the sentence-transformers
/// <c>max_seq_length</c>) and <c>config.json</c> (<c>max_position_embeddings</c>). Every file is optional; absent keys
/// take the defaults of Hugging Face's <c>BertTokenizer</c>.
/// </summary>
internal sealed record OnnxModelSettings
{
    public bool LowerCase { get; init; } = true;

    /// <summary>Hugging Face strips accents when it lower-cases unless <c>strip_accents</c> says otherwise.</summary>
    public bool? StripAccents { get; init; }

    public bool StripsAccents => StripAccents ?? LowerCase;

    public bool TokenizeCjkCharacters { get; init; } = true;

    public string UnknownToken { get; init; } = "[UNK]";

    public string ClassificationToken { get; init; } = "[CLS]";

    public string SeparatorToken { get; init; } = "[SEP]";

    public string PaddingToken { get; init; } = "[PAD]";

    public string MaskingToken { get; init; } = "[MASK]";

    /// <summary>The smallest token limit any of the files declares (special tokens included); null when none does.</summary>
    public int? DeclaredMaxTokens { get; init; }

    public static OnnxModelSettings Read(string directory)
    {
        var settings = new OnnxModelSettings();
        int? maxTokens = null;

        using (var tokenizerConfig = OpenJson(Path.Combine(directory, "tokenizer_config.json")))
        {
            if (tokenizerConfig is not null)
            {
                var root = tokenizerConfig.RootElement;
                settings = settings with
                {
                    LowerCase = Boolean(root, "do_lower_case") ?? settings.LowerCase,
                    StripAccents = Boolean(root, "strip_accents"),
                    TokenizeCjkCharacters = Boolean(root, "tokenize_chinese_chars") ?? settings.TokenizeCjkCharacters,
                    UnknownToken = Token(root, "unk_token") ?? settings.UnknownToken,
                    ClassificationToken = Token(root, "cls_token") ?? settings.ClassificationToken,
                    SeparatorToken = Token(root, "sep_token") ?? settings.SeparatorToken,
                    PaddingToken = Token(root, "pad_token") ?? settings.PaddingToken,
                    MaskingToken = Token(root, "mask_token") ?? settings.MaskingToken,
                };
                maxTokens = Smaller(maxTokens, Limit(root, "model_max_length", tokenizerConfig.Path));
            }
        }

        using (var sentenceBertConfig = OpenJson(Path.Combine(directory, "sentence_bert_config.json")))
        {
            if (sentenceBertConfig is not null)
            {
                var root = sentenceBertConfig.RootElement;
                // sentence-transformers lower-cases before its tokenizer when this is set.
                if (Boolean(root, "do_lower_case") == true)
                {
                    settings = settings with { LowerCase = true };
                }
                maxTokens = Smaller(maxTokens, Limit(root, "max_seq_length", sentenceBertConfig.Path));
            }
        }

        using (var modelConfig = OpenJson(Path.Combine(directory, "config.json")))
        {
            if (modelConfig is not null)
            {
                maxTokens = Smaller(maxTokens, Limit(modelConfig.RootElement, "max_position_embeddings", modelConfig.Path));
            }
        }

        return settings with { DeclaredMaxTokens = maxTokens };
    }

    private static int? Smaller(int? a, int? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);

    private static bool? Boolean(JsonElement root, string key) =>
        root.TryGetProperty(key, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : null;

    /// <summary>A special token is written either as a string or as an AddedToken object with its text in <c>content</c>.</summary>
    private static string? Token(JsonElement root, string key)
    {
        if (!root.TryGetProperty(key, out var value))
        {
            return null;
        }
        if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("content", out var content))
        {
            value = content;
        }
        return value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } token ? token : null;
    }

    /// <summary>
    /// A token limit; Hugging Face writes "no limit" as a huge number (1e30), which is read as none.
    /// </summary>
    private static int? Limit(JsonElement root, string key, string path)
    {
        if (!root.TryGetProperty(key, out var value) || value.ValueKind != JsonValueKind.Number)
        {
            return null;
        }
        var limit = value.GetDouble();
        if (limit >= int.MaxValue)
        {
            return null;
        }
        return limit >= 3
            ? (int)limit
            : throw new InvalidDataException(
                $"{path} sets {key} to {value.GetRawText()}; a sentence needs at least 3 tokens ([CLS], a word, [SEP])");
    }

    private static JsonFile? OpenJson(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            var document = JsonDocument.Parse(File.ReadAllBytes(path));
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                throw new InvalidDataException($"{path} holds no JSON object; the embedder reads its tokenising settings from it");
            }
            return new JsonFile(path, document);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not valid JSON ({e.Message}); the embedder reads its tokenising settings from it", e);
        }
    }

    private sealed class JsonFile(string path, JsonDocument document) : IDisposable
    {
        public string Path { get; } = path;

        public JsonElement RootElement => document.RootElement;

        public void Dispose() => document.Dispose();
    }
}
