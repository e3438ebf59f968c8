import Ajv from 'ajv';

/** One instance for every check: its meta-schema validator is compiled once, not per form. */
let ajv: Ajv | undefined;

/**
 * Why a parameter step's schema is not a valid JSON Schema, or undefined when it is: the check ajv
 * makes before compiling, made here once so that each compile can skip it (it would compile the
 * meta-schema anew each time).
 */
export function schemaProblem(schema: Record<string, unknown>): string | undefined {
  ajv ??= new Ajv({ strict: false });
  return ajv.validateSchema(schema) ? undefined : `schema is invalid: ${ajv.errorsText(ajv.errors)}`;
}
