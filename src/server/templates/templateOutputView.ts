import type { TemplateOutputView } from '../../protocol/catalogProtocol';

/** A template's rendered `output` as the wizard shows it: links and text, whatever else it holds left out. */
export function outputView(output: Record<string, unknown>): TemplateOutputView {
  const list = (value: unknown) => (Array.isArray(value) ? value.filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null) : []);
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return {
    links: list(output.links).map((link) => ({ title: text(link.title) ?? text(link.url) ?? text(link.entityRef) ?? 'Link', url: text(link.url), entityRef: text(link.entityRef), icon: text(link.icon) })),
    text: list(output.text).map((item) => ({ title: text(item.title), content: text(item.content) })),
  };
}

/** `message` with every secret's value masked: a step may print what it was given. */
export function redact(message: string, secrets: Record<string, string> | undefined): string {
  let redacted = message;
  for (const value of Object.values(secrets ?? {})) if (value) redacted = redacted.split(value).join('***');
  return redacted;
}
