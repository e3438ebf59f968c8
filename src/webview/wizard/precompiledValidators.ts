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
    greenroomValidators?: ValidatorModule[];
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
 * The validator of page `index`, compiled ahead by the server and loaded as a script by the extension:
 * the page itself never generates code, so its CSP needs no 'unsafe-eval'.
 */
export function pageValidator(index: number, schema: RJSFSchema): ValidatorType {
  const module = window.greenroomValidators?.[index];
  if (!module) throw new Error(`The validator of page ${index + 1} did not load`);
  const functions: Record<string, unknown> = {};
  module(functions, runtime);
  return createPrecompiledValidator(functions as Parameters<typeof createPrecompiledValidator>[0], schema);
}
