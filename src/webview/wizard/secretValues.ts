/**
 * A form's values with its Secret fields moved out, to travel apart: the host seals them for the run, and the page's
 * saved state never holds them.
 */
export function withSecretsApart(values: Record<string, unknown>, secretFields: readonly string[]): { parameters: Record<string, unknown>; secrets: Record<string, string> } {
  const parameters = { ...values };
  const secrets: Record<string, string> = {};
  for (const field of secretFields) {
    if (typeof parameters[field] === 'string') secrets[field] = parameters[field];
    delete parameters[field];
  }
  return { parameters, secrets };
}
