/**
 * Element Plus types table slot rows as `Record<PropertyKey, any>`; name the row type once per table
 * (`const asToken = rowAs<ApiToken>()`) and pass `asToken(row)` where a typed value is needed.
 */
export function rowAs<T>(): (row: unknown) => T {
  return (row) => row as T
}
