using System.Text.Json;
using System.Text.Json.Serialization;

namespace TrkbSim.Modeling.Files;

/// <summary>
/// The project's JSON rule for numbers: JSON has no NaN or infinity, so a value that is not finite (a time never
/// reached, an undefined ratio) is written as null, in every writer.
/// </summary>
public sealed class NonFiniteAsNull : JsonConverter<double>
{
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        if (double.IsFinite(value)) writer.WriteNumberValue(value);
        else writer.WriteNullValue();
    }

    public override bool HandleNull => true;
}
