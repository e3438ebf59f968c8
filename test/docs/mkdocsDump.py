# An mkdocs hook for the conformance test: after mkdocs has read every page, writes the site as mkdocs
# sees it (nav titles and order, each page's title and heading anchor ids) to the file $GREENROOM_MKDOCS_DUMP.
import json
import os

_site = {}


def _item(item):
    entry = {'title': item.title}
    if item.is_page:
        entry['page'] = item.file.src_path.replace(os.sep, '/')
    if item.is_link:
        entry['url'] = item.url
    if item.children:
        entry['children'] = [_item(child) for child in item.children]
    return entry


def _anchors(toc):
    ids = []
    for heading in toc:
        ids.append(heading.id)
        ids.extend(_anchors(heading.children))
    return ids


def on_page_context(context, page, config, nav, **kwargs):
    _site.setdefault('nav', [_item(item) for item in nav.items])
    _site.setdefault('pages', {})[page.file.src_path.replace(os.sep, '/')] = {'title': page.title, 'anchors': _anchors(page.toc)}
    return context


def on_post_build(config, **kwargs):
    with open(os.environ['GREENROOM_MKDOCS_DUMP'], 'w', encoding='utf-8') as out:
        json.dump(_site, out, ensure_ascii=False, indent=1)
