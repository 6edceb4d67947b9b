namespace Disque.Client.Tests.Fixtures;

/// <summary>A gateway of its own with a password set.</summary>
public sealed class PasswordGatewayFixture : ClientGatewayFixture
{
    public const string Password = "pass word";

    protected override IEnumerable<string> ExtraSettings => [$"--Disque:Password={Password}"];
}
