import { createPrecompiledValidator } from '@rjsf/validator-ajv8';
import type { RJSFSchema, ValidatorType } from '@rjsf/utils';
import * as formats from 'ajv-formats/dist/formats';
import * as equal from 'ajv/dist/runtime/equal';
import * as ucs2length from 'ajv/dist/runtime/ucs2length';
import * as uri from 'ajv/dist/runtime/uri';

/** A page's validator module, as the extension loads it: ajv standalone code wrapped in a function. */
type ValidatorModule = (exports: Record<string, unknown>, require: (id: string) => unknown) => void;

declare global {
  interface Window {
    /** By key: a page's validator script registers itself here under the hash of its code. */
    greenroomValidators?: Record<string, ValidatorModule>;
  }
}

/** What ajv's generated code may `require`: its runtime helpers and the formats, bundled here. */
const RUNTIME: Record<string, unknown> = {
  'ajv-formats/dist/formats': formats,
  'ajv/dist/runtime/equal': equal,
  'ajv/dist/runtime/ucs2length': ucs2length,
  'ajv/dist/runtime/uri': uri,
};

function runtime(id: string): unknown {
  if (!(id in RUNTIME)) throw new Error(`A template's validator needs ${id}, which the wizard does not include`);
  return RUNTIME[id];
}

/**
 * A page's validator, compiled ahead by the server and loaded as a script by the extension: the page
 * itself never generates code, so its CSP needs no 'unsafe-eval'.
 */
export function pageValidator(key: string, schema: RJSFSchema): ValidatorType {
  const module = window.greenroomValidators?.[key];
  if (!module) throw new Error(`The validator of page "${String(schema.title ?? key)}" did not load`);
  const functions: Record<string, unknown> = {};
  module(functions, runtime);
  return createPrecompiledValidator(functions as Parameters<typeof createPrecompiledValidator>[0], schema);
}

/** The nonce this page's own script came with: scripts added later must carry it (the CSP allows no other). */
const nonce = (document.currentScript as HTMLScriptElement | null)?.nonce ?? '';

/** Loads the validator scripts not loaded yet; resolves when all have run. */
export function loadValidators(scripts: readonly { key: string; src: string }[]): Promise<void> {
  const missing = scripts.filter(({ key }) => !window.greenroomValidators?.[key]);
  return Promise.all(
    missing.map(
      ({ src }) =>
        new Promise<void>((resolve, reject) => {
          const script = document.createElement('script');
          script.nonce = nonce;
          script.src = src;
          script.onload = () => resolve();
          script.onerror = () => reject(new Error(`A validator script did not load: ${src}`));
          document.head.appendChild(script);
        }),
    ),
  ).then(() => undefined);
}
