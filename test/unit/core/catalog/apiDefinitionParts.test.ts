import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { apiDefinitionParts } from '../../../../src/core/catalog/apiDefinitionParts';

const apiOperations = (type: string, text: string) => apiDefinitionParts(type, text).operations;

const APIS = path.join(__dirname, '../../../fixtures/workspace/backstage/apis');

describe("an API definition's operations and schemas", () => {
  it("lists an OpenAPI definition's paths and methods with their parameters", () => {
    const definition = readFileSync(path.join(APIS, 'petstore.oas.yaml'), 'utf8');
    const operations = apiOperations('openapi', definition).map((o) => `${o.method} ${o.path} ${o.summary ?? ''} (${o.parameters.map((p) => `${p.in} ${p.name}${p.required ? '*' : ''}`).join(', ')})`);
    assert.equal(operations.length, 19);
    assert.deepEqual(operations.slice(0, 3), ['PUT /pet Update an existing pet ()', 'POST /pet Add a new pet to the store ()', 'GET /pet/findByStatus Finds Pets by status (query status)']);
    assert.ok(operations.includes('GET /user/{username} Get user by user name (path username*)'), operations.join('\n'));
  });

  it("lists an AsyncAPI definition's channels", () => {
    const v2 = 'asyncapi: 2.6.0\nchannels:\n  light/measured:\n    publish:\n      summary: Lighting measured\n    subscribe:\n      summary: Ask for one\n';
    assert.deepEqual(apiOperations('asyncapi', v2).map((o) => `${o.method} ${o.path} ${o.summary}`), ['PUBLISH light/measured Lighting measured', 'SUBSCRIBE light/measured Ask for one']);
    const v3 = "asyncapi: 3.0.0\nchannels:\n  lightMeasured:\n    address: light/measured\noperations:\n  onLight:\n    action: receive\n    channel:\n      $ref: '#/channels/lightMeasured'\n";
    assert.deepEqual(apiOperations('asyncapi', v3).map((o) => `${o.method} ${o.path} ${o.summary}`), ['RECEIVE lightMeasured onLight']);
  });

  it("lists an OpenAPI definition's schemas with their properties, types and required ones", () => {
    const { schemas } = apiDefinitionParts('openapi', readFileSync(path.join(APIS, 'petstore.oas.yaml'), 'utf8'));
    const pet = schemas.find((schema) => schema.name === 'Pet');
    assert.deepEqual(schemas.map((schema) => schema.name), ['Order', 'Customer', 'Address', 'Category', 'User', 'Tag', 'Pet', 'ApiResponse']);
    assert.deepEqual(pet?.properties.map((p) => `${p.name}: ${p.type}${p.required ? '*' : ''}`), ['id: integer', 'name: string*', 'category: Category', 'photoUrls: string[]*', 'tags: Tag[]', 'status: string']);
  });

  it("lists an AsyncAPI definition's messages by their payload", () => {
    const v2 = 'asyncapi: 2.6.0\ncomponents:\n  messages:\n    lightMeasured:\n      summary: Lighting measured\n      payload:\n        type: object\n        required: [lumens]\n        properties:\n          lumens: {type: integer}\n          sentAt: {$ref: "#/components/schemas/sentAt"}\n';
    assert.deepEqual(apiDefinitionParts('asyncapi', v2).schemas, [{ name: 'lightMeasured', kind: 'message', description: 'Lighting measured', properties: [{ name: 'lumens', type: 'integer', required: true }, { name: 'sentAt', type: 'sentAt', required: false }] }]);
  });

  it('gives nothing for other types, text that does not parse, or shapes it does not expect', () => {
    assert.deepEqual(apiOperations('grpc', 'service Payments {}'), []);
    assert.deepEqual(apiOperations('openapi', 'paths: [unclosed'), []);
    assert.deepEqual(apiOperations('openapi', 'paths:\n  /x: 3\n  /y:\n    get: "text"\n    parameters: [1, {name: 2}]\n'), []);
    assert.deepEqual(apiOperations('openapi', '<script>alert(1)</script>'), []);
    assert.deepEqual(apiDefinitionParts('openapi', 'components:\n  schemas: [1, 2]\n').schemas, []);
  });
});
