// Backstage's entity JSON schemas, compiled with ajv at build time rather than at every start of the server (about
// 0.45 s of a cold load). An esbuild plugin gives `@backstage/catalog-model`'s `compileAjvSchema` the standalone code
// ajv generates for every schema the catalog model, the scaffolder's Template kind and the AI model module compile; a
// schema not found there (another package version) is still compiled at run time, as before. `SchemaValidEntityPolicy`
// compiles the entity schema with an ajv of its own, other options and first error only: its validator is generated
// apart, with those options (its run-time compile, with ajv's meta-schema, took a tenth of a second of each parse
// worker's start).
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import * as path from 'node:path';

const require = createRequire(import.meta.url);
const modelDist = path.dirname(require.resolve('@backstage/catalog-model'));
const AJV_MODULE = path.join(modelDist, 'validation', 'ajv.cjs.js');
const META_MODULE = path.join(modelDist, 'model', 'jsonSchema', 'validateMetaSchema.cjs.js');
/** Keys of the schemas found valid against the meta-schema at build time (filled by `compiledSchemas`). */
const metaValidated = new Set();
const VIRTUAL = 'greenroom-backstage-validators';
const VIRTUAL_POLICY = 'greenroom-backstage-entity-policy';
/** The statement in `SchemaValidEntityPolicy` that compiles its validator: the precompiled one goes before it. */
const POLICY_COMPILE =
  /^(\s*)if \(!this\.validate\) \{\n\s*const ajv = new Ajv[\w.]*\(\{ allowUnionTypes: true \}\);\n\s*this\.validate = ajv\.addSchema\(\[(commonSchema|common_schema\.default), (entityMetaSchema|EntityMeta_schema\.default)\], void 0, void 0, true\)\.compile\((entitySchema|Entity_schema\.default)\);/m;
/** The schemas the policy imports under those names: the precompiled validator is of these. */
const POLICY_SCHEMAS = ['schema/Entity.schema.json', 'schema/EntityMeta.schema.json', 'schema/shared/common.schema.json'];

/** The key both sides compute: a digest of the schema as `compileAjvSchema` caches it. */
const keyOf = (schema) => createHash('sha256').update(JSON.stringify(schema)).digest('hex');

/**
 * Every schema `compileAjvSchema` is asked to compile while each validator the catalog uses checks a sample entity, and
 * the keys of the schemas the catalog model's kinds check against JSON Schema's meta-schema as they are declared (at
 * import: compiling the meta-schema's validator took a tenth of a second of every start), each checked here.
 */
async function compiledSchemas() {
  const ajvModule = require(AJV_MODULE);
  const original = ajvModule.compileAjvSchema;
  const schemas = new Map();
  ajvModule.compileAjvSchema = (schema, options) => {
    schemas.set(keyOf(schema), schema);
    return original(schema, options);
  };
  const metaModule = require(META_MODULE);
  const validateMetaSchema = metaModule.validateMetaSchema;
  metaValidated.clear();
  metaModule.validateMetaSchema = (schema) => {
    const valid = validateMetaSchema(schema);
    metaValidated.add(keyOf(schema));
    return valid;
  };
  try {
    const model = require('@backstage/catalog-model');
    const alpha = require('@backstage/catalog-model/alpha');
    const { templateEntityV1beta3Validator } = require('@backstage/plugin-scaffolder-common');
    const sample = { apiVersion: 'backstage.io/v1alpha1', kind: 'Component', metadata: { name: 'sample' }, spec: {} };
    model.entityEnvelopeSchemaValidator()(sample);
    model.entitySchemaValidator()(sample);
    const validators = [
      model.apiEntityV1alpha1Validator,
      model.componentEntityV1alpha1Validator,
      model.resourceEntityV1alpha1Validator,
      model.groupEntityV1alpha1Validator,
      model.locationEntityV1alpha1Validator,
      model.userEntityV1alpha1Validator,
      model.systemEntityV1alpha1Validator,
      model.domainEntityV1alpha1Validator,
      templateEntityV1beta3Validator,
      alpha.aiResourceEntityV1alpha1Validator,
      alpha.mcpServerApiEntityValidator,
    ];
    for (const validator of validators) await validator.check(sample).catch(() => false);
    await new model.SchemaValidEntityPolicy().enforce(sample).catch(() => undefined);
  } finally {
    ajvModule.compileAjvSchema = original;
    metaModule.validateMetaSchema = validateMetaSchema;
  }
  if (metaValidated.size === 0) throw new Error('no schema was checked against the meta-schema at import: update scripts/backstageValidators.mjs');
  return schemas;
}

/**
 * A CommonJS module mapping each schema's key to its standalone validator. One ajv instance holds them all (each
 * schema has its own `$id`), so the shared entity and metadata schemas are generated once, not once per kind.
 */
async function validatorsModule() {
  // ajv is CommonJS: its default export is the class, and the standalone module's the generator.
  const Ajv = require('ajv').default;
  const standaloneCode = require('ajv/dist/standalone').default;
  const shared = ['EntityEnvelope.schema.json', 'Entity.schema.json', 'EntityMeta.schema.json', 'shared/common.schema.json'].map(
    (name) => require(path.join(modelDist, 'schema', `${name}.cjs.js`)).default,
  );
  // The options catalog-model compiles with, plus the generated source.
  const ajv = new Ajv({ allowUnionTypes: true, allErrors: true, validateSchema: true, code: { source: true } });
  const schemas = await compiledSchemas();
  const ids = new Set();
  for (const schema of [...shared, ...schemas.values()]) {
    if (typeof schema.$id !== 'string') throw new Error('a Backstage entity schema without $id: update scripts/backstageValidators.mjs');
    if (ids.has(schema.$id)) continue;
    ids.add(schema.$id);
    ajv.addSchema(schema);
  }
  const code = standaloneCode(ajv, Object.fromEntries([...schemas].map(([key, schema]) => [key, schema.$id])));
  return `${code}\nmodule.exports.metaValidated = new Set(${JSON.stringify([...metaValidated])});\n`;
}

/**
 * A CommonJS module exporting `SchemaValidEntityPolicy`'s validator, generated with the options and schemas the policy
 * compiles with at run time: the same code, so the same first error.
 */
function policyModule() {
  const Ajv = require('ajv').default;
  const standaloneCode = require('ajv/dist/standalone').default;
  const [entity, meta, common] = ['Entity.schema.json', 'EntityMeta.schema.json', 'shared/common.schema.json'].map((name) => require(path.join(modelDist, 'schema', `${name}.cjs.js`)).default);
  const ajv = new Ajv({ allowUnionTypes: true, code: { source: true } });
  ajv.addSchema([common, meta], undefined, undefined, true).compile(entity);
  return standaloneCode(ajv, { schemaValidEntityPolicy: entity.$id });
}

/** The esbuild plugin: catalog-model's `compileAjvSchema` answers from the precompiled validators first. */
export function backstageValidatorsPlugin() {
  let generated;
  let policy;
  return {
    name: 'backstage-validators',
    setup(build) {
      build.onResolve({ filter: new RegExp(`^${VIRTUAL}$`) }, () => ({ path: VIRTUAL, namespace: VIRTUAL }));
      build.onLoad({ filter: /.*/, namespace: VIRTUAL }, async () => ({ contents: await (generated ??= validatorsModule()), loader: 'js', resolveDir: modelDist }));
      build.onResolve({ filter: new RegExp(`^${VIRTUAL_POLICY}$`) }, () => ({ path: VIRTUAL_POLICY, namespace: VIRTUAL_POLICY }));
      build.onLoad({ filter: /.*/, namespace: VIRTUAL_POLICY }, () => ({ contents: (policy ??= policyModule()), loader: 'js', resolveDir: modelDist }));
      build.onLoad({ filter: /[\\/]catalog-model[\\/]dist[\\/]entity[\\/]policies[\\/]SchemaValidEntityPolicy\.(cjs|esm)\.js$/ }, async (args) => {
        const source = await sourceOf(args.path);
        if (!POLICY_COMPILE.test(source) || !POLICY_SCHEMAS.every((schema) => source.includes(`'../../${schema}.`)))
          throw new Error(`${args.path} no longer compiles its validator as expected: update scripts/backstageValidators.mjs`);
        const header = args.path.endsWith('.esm.js') ? `import precompiledPolicy from ${JSON.stringify(VIRTUAL_POLICY)};\n` : `const precompiledPolicy = require(${JSON.stringify(VIRTUAL_POLICY)});\n`;
        return { contents: header + source.replace(POLICY_COMPILE, (statement, indent) => `${indent}this.validate ??= precompiledPolicy.schemaValidEntityPolicy;\n${statement}`), loader: 'js' };
      });
      // Both builds of each module (the bundle takes the ESM one): the original becomes the fallback.
      build.onLoad({ filter: /[\\/]catalog-model[\\/]dist[\\/]validation[\\/]ajv\.(cjs|esm)\.js$/ }, (args) =>
        wrapped(
          args.path,
          'compileAjvSchema',
          `
function compileAjvSchema(schema, options) {
  const key = precompiledKeyHash('sha256').update(JSON.stringify(schema)).digest('hex');
  return precompiledValidators[key] ?? compileAjvSchemaAtRunTime(schema, options);
}
`,
        ),
      );
      // The kinds' schemas, checked against the meta-schema at build time, are not checked again at every start.
      build.onLoad({ filter: /[\\/]catalog-model[\\/]dist[\\/]model[\\/]jsonSchema[\\/]validateMetaSchema\.(cjs|esm)\.js$/ }, (args) =>
        wrapped(
          args.path,
          'validateMetaSchema',
          `
function validateMetaSchema(schema) {
  if (precompiledValidators.metaValidated.has(precompiledKeyHash('sha256').update(JSON.stringify(schema)).digest('hex'))) return true;
  return validateMetaSchemaAtRunTime(schema);
}
`,
        ),
      );
    },
  };
}

/**
 * The module at `file` with its function `name` renamed `<name>AtRunTime` and `wrapper` (a new `name` that answers from
 * the precompiled module first) added, the precompiled module and node:crypto's createHash imported as the wrapper uses them.
 */
async function wrapped(file, name, wrapper) {
  const source = await sourceOf(file);
  if (!source.includes(`function ${name}(`)) throw new Error(`${file} no longer defines ${name}: update scripts/backstageValidators.mjs`);
  const header = file.endsWith('.esm.js')
    ? `import precompiledValidators from ${JSON.stringify(VIRTUAL)};\nimport { createHash as precompiledKeyHash } from 'node:crypto';\n`
    : `const precompiledValidators = require(${JSON.stringify(VIRTUAL)});\nconst { createHash: precompiledKeyHash } = require('node:crypto');\n`;
  return { contents: header + source.replace(`function ${name}(`, `function ${name}AtRunTime(`) + wrapper, loader: 'js' };
}

/** A module's code without its source map comment, which would name a map of the code before the change. */
async function sourceOf(file) {
  const { readFile } = await import('node:fs/promises');
  return (await readFile(file, 'utf8')).replace(/\/\/# sourceMappingURL=.*$/m, '');
}
