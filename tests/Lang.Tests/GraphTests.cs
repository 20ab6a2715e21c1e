namespace LlmLang.Tests;

/// <summary>The execution graph model: its constant prefix and its Mermaid and DOT exports.</summary>
public class GraphTests
{
    private static readonly ExecutionGraph Fork = new("Explore", [
        new GraphNode(GraphNodeKind.Text, "Q: \"why\"?\n"),
        new GraphNode(GraphNodeKind.Argument, "question"),
        new GraphNode(GraphNodeKind.Fork, "ideas") { ForkCount = 2 },
        new GraphNode(GraphNodeKind.Gen, "idea") { Branch = "ideas", Variable = "idea", Regex = "[a-z]+" },
        new GraphNode(GraphNodeKind.Join, "ideas") { JoinMode = JoinMode.GatherVariables },
        new GraphNode(GraphNodeKind.Select, "best") { Variable = "best", Choices = ["a", "b"], DependsOn = [3] },
    ], isComplete: false);

    [Fact]
    public void MermaidShowsProgramOrderForkBranchesAndDependencies()
    {
        string expected = """
            flowchart TD
                n0["&quot;Q: &quot;why&quot;?&#8629;&quot;"]
                n1["arg question"]
                n2{"fork ideas x2"}
                n3(["gen idea /[a-z]+/"])
                n4{"join ideas (GatherVariables)"}
                n5(["select best [a | b]"])
                n0 --> n1
                n1 --> n2
                n2 --> n3
                n2 --> n4
                n3 --> n4
                n4 --> n5
                n3 -.-> n5
                %% the body continues past this graph (data-dependent control flow)

            """;
        Assert.Equal(expected.ReplaceLineEndings("\n"), Fork.ToMermaid());
    }

    [Fact]
    public void DotEscapesLabelsAndDashesDependencies()
    {
        string dot = Fork.ToDot();
        Assert.StartsWith("digraph \"Explore\" {\n", dot);
        Assert.Contains("    n0 [label=\"\\\"Q: \\\"why\\\"?\\n\\\"\", shape=box];\n", dot);
        Assert.Contains("    n3 [label=\"gen idea /[a-z]+/\", shape=ellipse];\n", dot);
        Assert.Contains("    n2 -> n3;\n", dot);
        Assert.Contains("    n3 -> n5 [style=dashed];\n", dot);
        Assert.EndsWith("}\n", dot);
    }

    [Fact]
    public void ConstantPrefixRendersLeadingTextAndRolesUpToTheFirstVaryingNode()
    {
        var format = new ChatFormat("<s>", "</s>", "<u>", "</u>", "<a>", "</a>");
        var graph = new ExecutionGraph("p", [
            new GraphNode(GraphNodeKind.RoleBegin, "System"), new GraphNode(GraphNodeKind.Text, "Be brief."), new GraphNode(GraphNodeKind.RoleEnd, "System"),
            new GraphNode(GraphNodeKind.RoleBegin, "User"), new GraphNode(GraphNodeKind.Text, "Classify: "),
            new GraphNode(GraphNodeKind.Argument, "item"), new GraphNode(GraphNodeKind.Text, "never part of it"),
        ], isComplete: true);
        Assert.Equal("<s>Be brief.</s><u>Classify: ", graph.ConstantPrefix(format));
        Assert.Equal("Q: \"why\"?\n", Fork.ConstantPrefix(format));
        Assert.Equal("", ExecutionGraph.Untraced("x").ConstantPrefix(format));
    }

    [Fact]
    public void BadGraphsAreRefusedWithTheNodeAtFault()
    {
        var e = Assert.Throws<ArgumentException>(() => new ExecutionGraph("p", [new GraphNode(GraphNodeKind.Gen, "x") { DependsOn = [0] }], true));
        Assert.Contains("node 0 depends on node 0", e.Message);
        var role = new ExecutionGraph("p", [new GraphNode(GraphNodeKind.RoleBegin, "Narrator")], true);
        Assert.Contains("unknown role \"Narrator\"", Assert.Throws<InvalidOperationException>(() => role.ConstantPrefix(ChatFormat.Plain)).Message);
    }
}
