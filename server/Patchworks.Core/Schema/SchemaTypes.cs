namespace Patchworks.Core.Schema;

/// <summary>The JSON Schema "type" keyword as flags; None means any type.</summary>
[Flags]
public enum SchemaTypes
{
    None = 0,
    Object = 1,
    Array = 2,
    String = 4,
    Number = 8,
    Integer = 16,
    Boolean = 32,
    Null = 64,
}
