namespace LlmLang;

/// <summary>Chat roles for programs: <c>s += Role.User("…")</c>. Rendered with the backend's chat format.</summary>
public static class Role
{
    /// <summary>A system turn.</summary>
    public static Fragment System(Fragment content) => new RoleFragment(ChatRole.System, content, true, true);

    /// <summary>A user turn.</summary>
    public static Fragment User(Fragment content) => new RoleFragment(ChatRole.User, content, true, true);

    /// <summary>An assistant turn (usually holding a <c>Gen</c> or <c>Select</c>).</summary>
    public static Fragment Assistant(Fragment content) => new RoleFragment(ChatRole.Assistant, content, true, true);

    /// <summary>Opens a system turn (close it with <see cref="EndSystem"/>).</summary>
    public static Fragment BeginSystem() => new RoleFragment(ChatRole.System, null, true, false);

    /// <summary>Closes a system turn.</summary>
    public static Fragment EndSystem() => new RoleFragment(ChatRole.System, null, false, true);

    /// <summary>Opens a user turn.</summary>
    public static Fragment BeginUser() => new RoleFragment(ChatRole.User, null, true, false);

    /// <summary>Closes a user turn.</summary>
    public static Fragment EndUser() => new RoleFragment(ChatRole.User, null, false, true);

    /// <summary>Opens an assistant turn.</summary>
    public static Fragment BeginAssistant() => new RoleFragment(ChatRole.Assistant, null, true, false);

    /// <summary>Closes an assistant turn.</summary>
    public static Fragment EndAssistant() => new RoleFragment(ChatRole.Assistant, null, false, true);
}
