namespace LlmLang;

/// <summary>
/// A request to score choices as continuations of a prompt. Token healing, in two parts:
/// <list type="number">
/// <item>The interpreter moves the program text's trailing spaces and tabs out of <see cref="Prompt"/> and onto the
/// front of every choice (text "Answer: " with choice "yes" is sent as prompt "Answer:" and choice " yes"), because
/// tokenizers attach a leading space to the word after it: scoring "yes" after a lone space token would score a
/// tokenization the model rarely produces. Newlines stay in the prompt. The variable still receives the choice as
/// written, and the program text keeps its space.</item>
/// <item>The backend tokenizes <c>Prompt</c> and <c>Prompt + choice</c> (no special tokens between them) and scores the
/// tokens of <c>Prompt + choice</c> after their longest common token prefix with the tokens of <c>Prompt</c>, so a choice
/// that still merges with the prompt's last characters is scored as the model would produce it.</item>
/// </list>
/// </summary>
/// <param name="Prompt">The text before the choices (without trailing spaces or tabs).</param>
/// <param name="Choices">The candidates, with the prompt's trailing spaces or tabs in front.</param>
/// <param name="Unconditional">Also score each choice without the prompt (for <see cref="SelectMethod.UnconditionalLikelihoodNormalized"/>).</param>
public sealed record ScoreRequest(string Prompt, IReadOnlyList<string> Choices, bool Unconditional = false);

/// <summary>Per choice, the natural-log probability of each of its scored tokens; the interpreter applies the select method.</summary>
/// <param name="TokenLogprobs">Given the prompt: [choice][token], in the order of <see cref="ScoreRequest.Choices"/>; every choice has at least one token.</param>
/// <param name="UnconditionalTokenLogprobs">When asked: the same tokens scored with no prompt before them (only the
/// model's start token, if it has one); a first token with nothing to condition on is reported as 0.</param>
/// <param name="Usage">Token counts of the scoring pass.</param>
public sealed record ChoiceScores(IReadOnlyList<float[]> TokenLogprobs, IReadOnlyList<float[]>? UnconditionalTokenLogprobs, Usage Usage);
