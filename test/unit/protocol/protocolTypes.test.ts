import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import ts from 'typescript';

const root = path.resolve(__dirname, '../../..');

/** Type-checks `code` as if it were a file in src/extension, with the project's options; returns the errors' messages. */
function typeErrors(code: string): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  assert.ok(config);
  const file = path.join(root, 'src/extension/protocolProbe.ts');
  const host = ts.createCompilerHost(config.options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.fileExists = ((exists) => (name: string) => name === file || exists(name))(host.fileExists.bind(host));
  host.readFile = (name) => (name === file ? code : readFile(name));
  host.getSourceFile = (name, language) => (name === file ? ts.createSourceFile(name, code, language) : getSourceFile(name, language));
  const program = ts.createProgram([file], { ...config.options, noUnusedLocals: false }, host);
  return ts.getPreEmitDiagnostics(program, program.getSourceFile(file)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

const prelude = `
import type { Connection } from 'vscode-languageserver';
import type { WebviewChannel } from './webviewChannel';
import { EntityGroupsRequest, TemplateLogNotification } from '../protocol/catalogProtocol';
import { RunNotification, EntitiesRequest } from '../protocol/wizardMessages';
declare const connection: Connection;
declare const channel: WebviewChannel;
`;

describe('typed protocol handles', function () {
  this.timeout(60_000);

  it('accept the payloads their messages declare', () => {
    assert.deepEqual(
      typeErrors(`${prelude}
void connection.sendRequest(EntityGroupsRequest, { groupBy: 'owner' }).then((groups) => groups.map((group) => group.count));
void connection.sendNotification(TemplateLogNotification, { ref: 'template:default/x', message: 'done' });
channel.notify(RunNotification, { dryRun: true, parameters: {}, secrets: {}, targetFolder: '/tmp' });
channel.onRequest(EntitiesRequest, ({ kinds }) => kinds.map((kind) => ({ ref: kind, title: kind, kind })));`),
      [],
    );
  });

  it('make a mismatched payload, result or handler a compile error', () => {
    const wrong = [
      `void connection.sendRequest(EntityGroupsRequest, { groupBy: 'size' });`,
      `void connection.sendRequest(EntityGroupsRequest, { groupBy: 'kind' }).then((groups) => groups.length.toFixed(1).startsWith(groups[0].label.foo));`,
      `void connection.sendNotification(TemplateLogNotification, { ref: 'template:default/x' });`,
      `channel.notify(RunNotification, { dryRun: 'yes', parameters: {}, secrets: {}, targetFolder: '/tmp' });`,
      `channel.onRequest(EntitiesRequest, () => 'not a list');`,
    ];
    for (const line of wrong) assert.notDeepEqual(typeErrors(`${prelude}\n${line}`), [], `expected a type error for: ${line}`);
  });
});
