// The packaged extension is installed in VS Code and starts.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'greenroom.greenroom';

describe('Greenroom in VS Code', () => {
  it('is installed from its .vsix, not loaded from the source tree', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed`);
    assert.match(extension.extensionPath.replace(/\\/g, '/'), /\/extensions\/greenroom\.greenroom-\d+\.\d+\.\d+$/);
  });

  it('activates', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });
});
