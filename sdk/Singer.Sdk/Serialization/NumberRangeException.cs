using System.Text.Json;

namespace Singer.Sdk.Serialization;

/// <summary>A number that is valid JSON but too large to handle exactly (see <see cref="JsonValueReader.MaxExponent"/>).</summary>
internal sealed class NumberRangeException(string message) : JsonException(message);
