import type { EntityPage } from '../../protocol/entityPageMessages';

/** An API's definition: its operations when the server could read them (OpenAPI, AsyncAPI), then the text itself. */
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
      <details open={definition.operations.length === 0}>
        <summary>{definition.operations.length > 0 ? 'The definition as written' : 'As written'}</summary>
        <pre tabIndex={0} aria-label="API definition">
          <code>{definition.text}</code>
        </pre>
      </details>
    </section>
  );
}
