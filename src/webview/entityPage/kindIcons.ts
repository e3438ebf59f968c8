import { kindCodicon, linkCodicon } from '../../protocol/codicons';

export function kindIconClass(kind: string): string {
  return `codicon codicon-${kindCodicon(kind)}`;
}

export function linkIconClass(icon: string | undefined): string {
  return `codicon codicon-${linkCodicon(icon)}`;
}
