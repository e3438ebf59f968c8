import type { ElementContent, Root } from 'hast';
import { createLowlight } from 'lowlight';
import graphql from 'highlight.js/lib/languages/graphql';
import json from 'highlight.js/lib/languages/json';
import protobuf from 'highlight.js/lib/languages/protobuf';
import yaml from 'highlight.js/lib/languages/yaml';
import { useMemo, type ReactNode } from 'react';

/** Only the languages API definitions are written in: the entity page's bundle carries four grammars, not all of highlight.js. */
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
  // Highlighted once per text: the page renders again on every catalog change and navigation.
  const tokens = useMemo(() => (!language || text.length > MAX_HIGHLIGHTED_CHARS ? undefined : lowlight.highlight(language, text).children.map(toReact)), [text, language]);
  return tokens ? <code className={`language-${language}`}>{tokens}</code> : <code>{text}</code>;
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
