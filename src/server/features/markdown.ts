/** Escapes catalog text for Markdown, so that it shows as written and never as markup or HTML. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&]/g, (char) => `\\${char}`);
}

/** A code span of untrusted text: backslashes do not escape inside one, so backticks are replaced. */
export function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}
