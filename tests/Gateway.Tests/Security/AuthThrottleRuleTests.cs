using System.Net;
using Disque.Gateway.Security;
using Microsoft.Extensions.Time.Testing;

namespace Disque.Gateway.Tests.Security;

/// <summary>The AUTH throttle's arithmetic, on a clock the tests move.</summary>
public sealed class AuthThrottleRuleTests
{
    private static readonly IPAddress Guesser = IPAddress.Parse("192.0.2.7");
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Five_failures_are_free_then_each_attempt_waits_its_turn_doubling_to_five_seconds()
    {
        var throttle = new AuthThrottle(_time);
        for (var i = 0; i < AuthThrottle.FreeFailures; i++)
        {
            Assert.Equal(TimeSpan.Zero, throttle.TurnOf(Guesser));
            throttle.Failed(Guesser);
        }

        Assert.Equal(TimeSpan.FromMilliseconds(250), throttle.TurnOf(Guesser));
        Assert.Equal(TimeSpan.FromMilliseconds(500), throttle.TurnOf(Guesser)); // a second connection queues behind the first
        _time.Advance(TimeSpan.FromMilliseconds(500));
        throttle.Failed(Guesser);
        Assert.Equal(TimeSpan.FromMilliseconds(500), throttle.TurnOf(Guesser));
        for (var i = 0; i < 10; i++)
            throttle.Failed(Guesser);
        Assert.Equal(AuthThrottle.MaxDelay, AuthThrottle.DelayAfter(16));
    }

    [Fact]
    public void The_right_password_or_a_quiet_minute_clears_the_address_and_others_are_not_slowed()
    {
        var throttle = new AuthThrottle(_time);
        for (var i = 0; i < 8; i++)
            throttle.Failed(Guesser);
        Assert.Equal(TimeSpan.Zero, throttle.TurnOf(IPAddress.Loopback));

        _time.Advance(AuthThrottle.Memory + TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.Zero, throttle.TurnOf(Guesser));
        Assert.Equal(1, throttle.Failed(Guesser));

        for (var i = 0; i < 8; i++)
            throttle.Failed(Guesser);
        throttle.Succeeded(Guesser);
        Assert.Equal(TimeSpan.Zero, throttle.TurnOf(Guesser));
    }
}
