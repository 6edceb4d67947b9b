namespace Disque.Client.Tests.Fixtures;

public static class Names
{
    /// <summary>A queue no other test uses.</summary>
    public static string NewQueue(string prefix = "q") => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>A well-formed at-least-once job id no node made.</summary>
    public const string UnknownId = "D-00000000-ILsYWGIQEDCvrxGBgYKJCY1E-05a1";
}
