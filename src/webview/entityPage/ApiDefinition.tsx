import type { ApiSchemaView, EntityPage } from '../../protocol/entityPageMessages';
import { definitionLanguage, HighlightedCode } from './HighlightedCode';

/**
 * An API's definition: its operations, schemas and messages when the server could read them (OpenAPI,
 * AsyncAPI), then the text itself, highlighted in its language (GraphQL SDL, gRPC's proto, YAML or JSON).
 */
export function ApiDefinition({ definition }: { definition: NonNullable<EntityPage['definition']> }) {
  return (
    <section className="card definition" aria-labelledby="definition">
      <h2 id="definition">
        Definition <span className="chip">{definition.type}</span>
      </h2>
      {definition.operations.length > 0 && (
        <table className="operations" aria-label="Operations">
          <thead>
            <tr>
              <th scope="col">Operation</th>
              <th scope="col">Path</th>
              <th scope="col">Summary</th>
              <th scope="col">Parameters</th>
            </tr>
          </thead>
          <tbody>
            {definition.operations.map((operation, index) => (
              <tr key={index}>
                <td>
                  <span className={`method method-${operation.method.toLowerCase()}`}>{operation.method}</span>
                </td>
                <td>
                  <code>{operation.path}</code>
                </td>
                <td>{operation.summary}</td>
                <td className="parameters">
                  {operation.parameters.map((parameter) => `${parameter.name}${parameter.required ? '*' : ''} (${parameter.in})`).join(', ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {definition.schemas.length > 0 && <Schemas schemas={definition.schemas} />}
      <details open={definition.operations.length === 0 && definition.schemas.length === 0}>
        <summary>{definition.operations.length > 0 || definition.schemas.length > 0 ? 'The definition as written' : 'As written'}</summary>
        <pre tabIndex={0} aria-label="API definition">
          <HighlightedCode text={definition.text} language={definitionLanguage(definition.type, definition.text)} />
        </pre>
      </details>
    </section>
  );
}

/** Schemas and messages, each a collapsed list of its properties: a reader looks for one by name. */
function Schemas({ schemas }: { schemas: ApiSchemaView[] }) {
  return (
    <div className="schemas">
      <h3>{schemas.some((schema) => schema.kind === 'message') ? 'Messages and schemas' : 'Schemas'}</h3>
      {schemas.map((schema, index) => (
        <details key={index} className="schema">
          <summary>
            <code>{schema.name}</code>
            {schema.kind === 'message' && <span className="chip">message</span>}
            {schema.description && <span className="entity-facts">{schema.description}</span>}
          </summary>
          {schema.properties.length === 0 ? (
            <p className="empty">No properties</p>
          ) : (
            <table className="properties" aria-label={`Properties of ${schema.name}`}>
              <tbody>
                {schema.properties.map((property) => (
                  <tr key={property.name}>
                    <td>
                      <code>{property.name}</code>
                      {property.required && <span title="required">*</span>}
                    </td>
                    <td className="property-type">{property.type}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </details>
      ))}
    </div>
  );
}
