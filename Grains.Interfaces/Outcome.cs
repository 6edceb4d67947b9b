namespace Disque;

/// <summary>A value, or the Disque error to answer instead: what commands and grain calls return.</summary>
[GenerateSerializer, Immutable]
public readonly record struct Outcome<T>([property: Id(0)] T? Value, [property: Id(1)] DisqueError? Error)
{
    public bool IsError => Error is not null;

    public static implicit operator Outcome<T>(T value) => new(value, null);

    public static implicit operator Outcome<T>(DisqueError error) => new(default, error);
}
