import * as vscode from 'vscode';

/** `@greenroom` in chat: /owner, /docs, /experts and /create, answered by the catalog tools. */
export function registerChatParticipant(context: vscode.ExtensionContext): vscode.Disposable {
  const participant = vscode.chat.createChatParticipant('greenroom.chat', answerChat);
  participant.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'icon.png');
  return participant;
}

interface Brief {
  ref: string;
  title: string;
  description?: string;
  file?: string;
  line?: number;
}

/**
 * Answers one chat request from the tools VS Code's agents use too, so the chat shows each look-up.
 * Catalog text is untrusted: it is escaped into the Markdown, and only http(s) links become anchors.
 */
export async function answerChat(request: vscode.ChatRequest, _context: vscode.ChatContext, stream: vscode.ChatResponseStream, token: vscode.CancellationToken): Promise<vscode.ChatResult> {
  const ask = async <T>(tool: string, input: object): Promise<T> => {
    const result = await vscode.lm.invokeTool(`greenroom_${tool}`, { input, toolInvocationToken: request.toolInvocationToken }, token);
    return JSON.parse(result.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '')).join('')) as T;
  };
  const prompt = request.prompt.trim();
  try {
    switch (request.command) {
      case 'owner':
        await owner(prompt, ask, stream);
        break;
      case 'docs':
        await docs(prompt, ask, stream);
        break;
      case 'experts':
        await experts(prompt, ask, stream);
        break;
      case 'create':
        await create(prompt, ask, stream);
        break;
      default:
        await search(prompt, ask, stream);
    }
    return {};
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    stream.markdown(escape(message));
    return { errorDetails: { message } };
  }
}

type Ask = <T>(tool: string, input: object) => Promise<T>;

async function owner(prompt: string, ask: Ask, stream: vscode.ChatResponseStream): Promise<void> {
  const input = prompt ? ((await isWorkspacePath(prompt)) ? { path: prompt } : { ref: prompt }) : activeFile();
  if (!input) {
    stream.markdown('Name a file, folder or entity (`/owner services/payments`), or open a file and ask again.');
    return;
  }
  const answer = await ask<{ found: boolean; decidedBy: string; entity?: Brief; owner?: { ref: string; title?: string; email?: string; inCatalog: boolean } }>('who_owns', input);
  if (!answer.found || !answer.entity) {
    stream.markdown(escape(answer.decidedBy));
    return;
  }
  const who = answer.owner ? `**${escape(answer.owner.title ?? answer.owner.ref)}** (\`${code(answer.owner.ref)}\`)${answer.owner.email ? `, ${escape(answer.owner.email)}` : ''}` : 'nobody: it names no owner';
  stream.markdown(`${who} owns **${escape(answer.entity.title)}** (\`${code(answer.entity.ref)}\`).\n\n${escape(answer.decidedBy)}\n\n`);
  anchorTo(answer.entity, stream);
}

async function docs(prompt: string, ask: Ask, stream: vscode.ChatResponseStream): Promise<void> {
  if (!prompt) {
    stream.markdown('Name an entity: `/docs payments`.');
    return;
  }
  const entity = await ask<Brief & { docs?: { techdocsRef: string }; links: { url: string; title?: string }[] }>('get_entity', { ref: prompt });
  stream.markdown(`**${escape(entity.title)}** (\`${code(entity.ref)}\`)${entity.description ? `: ${escape(entity.description)}` : ''}\n\n`);
  stream.markdown(entity.docs ? `Its TechDocs are at \`${code(entity.docs.techdocsRef)}\`.\n\n` : 'It names no TechDocs (no `backstage.io/techdocs-ref` annotation).\n\n');
  // Docs in the workspace open in the docs viewer.
  if (entity.docs?.techdocsRef.startsWith('dir:')) stream.button({ command: 'greenroom.openDocs', arguments: [entity.ref], title: 'Open Docs' });
  for (const link of entity.links) {
    const uri = webUri(link.url);
    if (uri) stream.anchor(uri, link.title ?? link.url);
  }
  anchorTo(entity, stream);
}

async function experts(prompt: string, ask: Ask, stream: vscode.ChatResponseStream): Promise<void> {
  if (!prompt) {
    stream.markdown('Name a technology or topic: `/experts kafka`.');
    return;
  }
  const people = await ask<{ total: number; items: { ref: string; title: string; email?: string; because: string[] }[] }>('find_people', { tech: prompt, limit: 10 });
  if (people.total === 0) {
    stream.markdown(`Nobody in the catalog owns anything about ${escape(prompt)}.`);
    return;
  }
  const lines = people.items.map((person) => `- **${escape(person.title)}** (\`${code(person.ref)}\`)${person.email ? `, ${escape(person.email)}` : ''}: ${escape(person.because[0] ?? '')}`);
  stream.markdown(`${people.total} in the catalog for ${escape(prompt)}${people.total > people.items.length ? `, the first ${people.items.length}` : ''}:\n\n${lines.join('\n')}\n`);
}

async function create(prompt: string, ask: Ask, stream: vscode.ChatResponseStream): Promise<void> {
  const templates = await ask<{ total: number; items: (Brief & { parameters: { name: string; required: boolean }[] })[] }>('list_templates', prompt ? { query: prompt, limit: 10 } : { limit: 10 });
  if (templates.total === 0) {
    stream.markdown(prompt ? `No template matches ${escape(prompt)}.` : 'The catalog has no software templates.');
    return;
  }
  const lines = templates.items.map((template) => `- **${escape(template.title)}** (\`${code(template.ref)}\`)${template.description ? `: ${escape(template.description)}` : ''}`);
  stream.markdown(`${lines.join('\n')}\n\n`);
  stream.button({ command: 'greenroom.createFromTemplate', title: 'Create from Template…' });
}

async function search(prompt: string, ask: Ask, stream: vscode.ChatResponseStream): Promise<void> {
  if (!prompt) {
    stream.markdown('Ask `/owner`, `/docs`, `/experts` or `/create`, or give words to search the catalog for.');
    return;
  }
  const found = await ask<{ total: number; items: (Brief & { owner?: string })[] }>('search_catalog', { query: prompt, limit: 10 });
  if (found.total === 0) {
    stream.markdown(`Nothing in the catalog matches ${escape(prompt)}.`);
    return;
  }
  stream.markdown(`${found.items.map((item) => `- **${escape(item.title)}** (\`${code(item.ref)}\`)${item.owner ? `, owned by \`${code(item.owner)}\`` : ''}`).join('\n')}\n\n`);
}

function activeFile(): { path: string } | undefined {
  const document = vscode.window.activeTextEditor?.document;
  return document?.uri.scheme === 'file' ? { path: document.uri.fsPath } : undefined;
}

async function isWorkspacePath(text: string): Promise<boolean> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder || /^[a-z]+:/i.test(text)) return false;
  const uri = text.startsWith('/') ? vscode.Uri.file(text) : vscode.Uri.joinPath(folder.uri, text);
  return vscode.workspace.fs.stat(uri).then(
    () => true,
    () => false,
  );
}

function anchorTo(entity: Brief, stream: vscode.ChatResponseStream): void {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!entity.file || !folder) return;
  const uri = vscode.Uri.joinPath(folder.uri, entity.file);
  stream.anchor(new vscode.Location(uri, new vscode.Position(Math.max(0, (entity.line ?? 1) - 1), 0)), entity.file);
}

/** Only web links from the catalog become anchors: a `command:` or `file:` link there is someone else's. */
function webUri(url: string): vscode.Uri | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? vscode.Uri.parse(parsed.href, true) : undefined;
  } catch {
    return undefined;
  }
}

/** Markdown's special characters escaped, and line breaks flattened: catalog text reads as text, never as markup. */
function escape(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[\\`*_{}[\]()<>#+\-.!|~&]/g, '\\$&');
}

/** Text inside a code span: a backtick would end it. */
function code(text: string): string {
  return text.replace(/[`\r\n]/g, ' ');
}
