/**
 * A field of an entity as text, whatever its type. Entities are kept even when invalid, so a field
 * may hold a map, and `String()` throws on a map with a `toString` or `valueOf` key.
 */
export function fieldText(value: unknown): string {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}
