import Markdown, { defaultUrlTransform, type Components } from 'react-markdown';
import { OpenLinkNotification } from '../../protocol/entityPageMessages';
import { host } from './hostBridge';

/**
 * Catalog Markdown (an entity's description) rendered as text and structure only: raw HTML is
 * dropped, a link is a button that asks the host to open its URL (the host decides whether it may),
 * and an image is shown as its alt text, never fetched.
 */
const components: Components = {
  a: ({ href, children }) => {
    const url = typeof href === 'string' ? href : '';
    if (!url) return <span>{children}</span>;
    return (
      <button type="button" className="link" title={url} onClick={() => host.notify(OpenLinkNotification, { url })}>
        {children}
      </button>
    );
  },
  img: ({ alt }) => <span className="image-placeholder" title="Images from the catalog are not loaded">{alt ? `[image: ${alt}]` : '[image]'}</span>,
};

export function SafeMarkdown({ text }: { text: string }) {
  return (
    <div className="markdown">
      <Markdown skipHtml components={components} urlTransform={defaultUrlTransform}>
        {text}
      </Markdown>
    </div>
  );
}
