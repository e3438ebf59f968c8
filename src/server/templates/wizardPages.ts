import { splitStep } from '../../core/scaffolder/parameterSchema';
import { schemaProblem } from '../../core/scaffolder/schemaCheck';
import type { TemplateForm } from '../../protocol/catalogProtocol';

/** Validators by their schema's JSON: a preview asks again at each keystroke, most pages unchanged. */
const compiled = new Map<string, string>();
const COMPILED_KEPT = 200;

/**
 * The wizard's pages of a Template's parameter steps: schema and uiSchema split as Backstage splits
 * them, and each schema's validator compiled here, ahead, as react-jsonschema-form's precompiled
 * validators expect, so that the wizard's page runs under a CSP without eval.
 */
export async function wizardPages(parameters: readonly Record<string, unknown>[]): Promise<TemplateForm['pages']> {
  // Loaded when a wizard opens (ajv's code generator): the server starts without it.
  const { compileSchemaValidatorsCode } = await import('@rjsf/validator-ajv8/compileSchemaValidators');
  return parameters.map((parameter, index) => {
    const { schema, uiSchema } = splitStep(parameter);
    const title = typeof schema.title === 'string' ? schema.title : `Step ${index + 1}`;
    // The page shows the title as its heading; the form does not repeat it.
    const body = { ...schema };
    delete body.title;
    const key = JSON.stringify(body);
    let validator = compiled.get(key);
    if (validator === undefined) {
      const problem = schemaProblem(body);
      if (problem) throw new Error(`${title}: ${problem}`);
      // Checked above: ajv's own check would compile its meta-schema again for every page, and put it in the page's code.
      validator = compileSchemaValidatorsCode(body as Parameters<typeof compileSchemaValidatorsCode>[0], { ajvOptionsOverrides: { validateSchema: false } });
      if (compiled.size >= COMPILED_KEPT) compiled.delete(compiled.keys().next().value!);
      compiled.set(key, validator);
    }
    return { title, schema: body, uiSchema, validator };
  });
}
