import type { EntityAnswer } from './catalogTools';

/**
 * An entity as a Markdown page for agents. Every catalog string is untrusted: it is escaped so that it
 * reads as text, never as a heading, link, image or HTML that the reader would follow or render.
 */
export function entityMarkdown(entity: EntityAnswer): string {
  const lines = [`# ${escape(entity.title)}`, '', `\`${code(entity.ref)}\`${entity.description ? ` — ${escape(entity.description)}` : ''}`, ''];
  const facts: [string, string | undefined][] = [
    ['Kind', entity.kind],
    ['Type', entity.type],
    ['Lifecycle', entity.lifecycle],
    ['Owner', entity.owner],
    ['System', entity.system],
    ['Tags', entity.tags.join(', ') || undefined],
    ['Defined in', entity.file ? `${entity.file}:${entity.line}` : undefined],
    ['Backstage page', entity.backstageUrl],
    ['TechDocs', entity.docs?.techdocsRef],
    ['Backstage would refuse it', entity.invalid],
  ];
  for (const [label, value] of facts) if (value) lines.push(`- **${label}:** ${escape(value)}`);
  if (entity.relations.length > 0) {
    lines.push('', `## Relations (${entity.relationsTotal})`, '');
    for (const relation of entity.relations) lines.push(`- ${relation.type} \`${code(relation.target)}\`${relation.title ? ` (${escape(relation.title)})` : ''}`);
  }
  if (entity.links.length > 0) {
    lines.push('', '## Links', '');
    // Only web and mail links are links; any other scheme (javascript:, command:) stays text.
    for (const link of entity.links) lines.push(`- ${escape(link.title ?? 'Link')}: ${/^(https?|mailto):/i.test(link.url) ? `<${link.url.replace(/[<>\s]/g, encodeURIComponent)}>` : `\`${code(link.url)}\``}`);
  }
  if (entity.problems.length > 0) {
    lines.push('', '## Problems', '');
    for (const problem of entity.problems) lines.push(`- ${problem.severity} (line ${problem.line}, ${problem.code}): ${escape(problem.message)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Markdown's special characters escaped, and line breaks flattened: one value stays on one line. */
function escape(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[\\`*_{}[\]()<>#+\-.!|~&]/g, '\\$&');
}

/** Text inside a code span: a backtick would end it. */
function code(text: string): string {
  return text.replace(/[`\r\n]/g, ' ');
}
