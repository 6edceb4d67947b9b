using Disque.Domain;

namespace Disque.Tests.Domain;

public sealed class QueueKeyTests
{
    [Theory]
    [InlineData("jobs", "jobs")]
    [InlineData("", "\u0001")]
    [InlineData(" ", "\u0001 ")]
    [InlineData("\t\r\n", "\u0001\t\r\n")]
    [InlineData("\u0001x", "\u0001\u0001x")]
    [InlineData(" x ", " x ")]
    public void Names_Orleans_cannot_key_are_marked_and_read_back(string name, string key)
    {
        Assert.Equal(key, QueueKey.Of(name));
        Assert.Equal(name, QueueKey.NameOf(key));
    }
}
