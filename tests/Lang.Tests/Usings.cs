global using LlmLang.Testing;
global using Xunit;
global using static LlmLang.Primitives;
