import type { ElementContent, Root } from 'hast';
import { createLowlight } from 'lowlight';
import graphql from 'highlight.js/lib/languages/graphql';
import json from 'highlight.js/lib/languages/json';
import protobuf from 'highlight.js/lib/languages/protobuf';
import yaml from 'highlight.js/lib/languages/yaml';
import type { ReactNode } from 'react';

/** Only the languages API definitions are written in: the bundle carries four grammars, not all of highlight.js. */
const lowlight = createLowlight({ graphql, json, protobuf, yaml });

/** Past this, a definition is shown as plain text: highlighting it would hold the page up. */
const MAX_HIGHLIGHTED_CHARS = 500_000;

/** The language an API definition of `type` is written in, as Backstage's API docs read it. */
export function definitionLanguage(type: string, text: string): string | undefined {
  switch (type.toLowerCase()) {
    case 'graphql':
      return 'graphql';
    case 'grpc':
      return 'protobuf';
    case 'openapi':
    case 'asyncapi':
      return text.trimStart().startsWith('{') ? 'json' : 'yaml';
    default:
      return undefined;
  }
}

/**
 * Text highlighted as `language`, built as React elements from highlight.js' token tree: the text stays
 * text (no HTML string is ever parsed), so a definition cannot bring markup into the page.
 */
export function HighlightedCode({ text, language }: { text: string; language: string | undefined }) {
  if (!language || text.length > MAX_HIGHLIGHTED_CHARS) return <code>{text}</code>;
  const tree: Root = lowlight.highlight(language, text);
  return <code className={`language-${language}`}>{tree.children.map(toReact)}</code>;
}

function toReact(node: Root['children'][number] | ElementContent, index: number): ReactNode {
  if (node.type === 'text') return node.value;
  if (node.type !== 'element') return null;
  const className = node.properties.className;
  return (
    <span key={index} className={Array.isArray(className) ? className.join(' ') : undefined}>
      {node.children.map(toReact)}
    </span>
  );
}
