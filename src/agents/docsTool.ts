// get_docs: an entity's TechDocs page as Markdown, from its docs in the workspace (a `dir:` techdocs-ref).
import { localDocsDir, readLocalSite, TECHDOCS_REF } from '../core/techdocs/localSite';
import { renderPage } from '../core/techdocs/markdownPage';
import type { NavItem } from '../core/techdocs/docsSite';
import { findEntity } from './entityLookup';
import { clip, ToolInputError, type CatalogTool } from './toolKit';

/** A page's Markdown is returned whole up to this many characters. */
const MAX_PAGE_CHARS = 20_000;

interface DocsInput {
  entity: string;
  page?: string;
}

interface DocsAnswer {
  entity: string;
  site: string;
  page: string;
  title: string;
  markdown: string;
  headings: { level: number; text: string; id: string }[];
  /** Every page of the site, in nav order, with its title: ask for one with page. */
  pages: { page: string; title: string }[];
}

export const getDocs: CatalogTool<DocsInput, DocsAnswer> = {
  name: 'get_docs',
  title: "Read an entity's docs",
  description:
    "Reads an entity's TechDocs from the workspace: the Markdown of one page of its docs site (the site its backstage.io/techdocs-ref dir: annotation names, built by mkdocs), with the page's headings and every page of the site in nav order with its title. Without page, the site's first page. Use it to answer how a service works, how to run or deploy it, or where something is documented, after finding the entity with search_catalog or who_owns. Docs published only in Backstage (a url: techdocs-ref) are not read.",
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['entity'],
    properties: {
      entity: { type: 'string', minLength: 1, maxLength: 500, description: 'The entity: a ref (component:default/payments) or a name (payments).' },
      page: { type: 'string', maxLength: 1_000, description: 'A page of its docs site, as get_docs lists them (guides/deploy.md); the first page when left out.' },
    },
  },
  outputSchema: {
    type: 'object',
    required: ['entity', 'site', 'page', 'title', 'markdown', 'headings', 'pages'],
    properties: {
      entity: { type: 'string' },
      site: { type: 'string', description: "The docs site's name." },
      page: { type: 'string' },
      title: { type: 'string' },
      markdown: { type: 'string' },
      headings: { type: 'array', items: { type: 'object', properties: { level: { type: 'integer' }, text: { type: 'string' }, id: { type: 'string' } } } },
      pages: { type: 'array', items: { type: 'object', properties: { page: { type: 'string' }, title: { type: 'string' } } } },
    },
  },
  async run(input, context) {
    const catalog = await context.catalog();
    const record = findEntity(catalog, await context.search(), input.entity);
    if (localDocsDir(record) === undefined) {
      const written = record.entity.metadata?.annotations?.[TECHDOCS_REF];
      throw new ToolInputError(
        typeof written === 'string'
          ? `${record.ref}'s docs are ${clip(written, 200)}, published in Backstage, not in this workspace.`
          : `${record.ref} has no docs: it has no ${TECHDOCS_REF} annotation.`,
      );
    }
    const found = await readLocalSite(context.source(), record);
    if (!found.ok) throw new ToolInputError(found.message);
    const { site, texts } = found.site;
    const page = input.page ?? site.pages[0] ?? 'index.md';
    const markdown = texts.get(page);
    if (markdown === undefined) throw new ToolInputError(`${record.ref}'s docs have no page ${clip(page, 200)}; the pages are ${site.pages.slice(0, 30).join(', ')}.`);
    const rendered = renderPage(page, markdown, page === site.pages[0]);
    const titles = new Map(flatten(site.nav).map((item) => [item.page!, item.title]));
    return {
      entity: record.ref,
      site: clip(site.siteName) ?? '',
      page,
      title: clip(titles.get(page) ?? rendered.title) ?? '',
      markdown: clip(markdown, MAX_PAGE_CHARS) ?? '',
      headings: rendered.headings.slice(0, 200).map(({ level, text, id }) => ({ level, text: clip(text, 200) ?? '', id })),
      pages: site.pages.slice(0, 500).map((each) => ({ page: each, title: clip(titles.get(each) ?? each, 200) ?? '' })),
    };
  },
};

function flatten(items: readonly NavItem[]): NavItem[] {
  return items.flatMap((item) => (item.children ? flatten(item.children) : item.page ? [item] : []));
}
