// A language model that generates nothing. VS Code's chat hands every request a model, even one for a
// chat participant that answers without any; where no real model is available (the UI tests' code-server),
// this one lets the chat send the request. It answers a prompt with a line saying it is a placeholder.
'use strict';
const vscode = require('vscode');

/** @param {import('vscode').ExtensionContext} context */
function activate(context) {
  context.subscriptions.push(
    vscode.lm.registerLanguageModelChatProvider('greenroom-test', {
      provideLanguageModelChatInformation: () => [
        { id: 'placeholder', name: 'Placeholder (no model)', family: 'placeholder', version: '1', maxInputTokens: 8192, maxOutputTokens: 1024, isUserSelectable: true, capabilities: {} },
      ],
      provideLanguageModelChatResponse: async (_model, _messages, _options, progress) => {
        progress.report(new vscode.LanguageModelTextPart('This placeholder generates nothing: no language model runs here.'));
      },
      provideTokenCount: async (_model, text) => Math.ceil((typeof text === 'string' ? text.length : JSON.stringify(text).length) / 4),
    }),
    // The chat's model picker offers only Copilot until someone signs in to it; opening the chat with a
    // model selector is how this placeholder becomes the chat's model.
    vscode.commands.registerCommand('greenroomTest.useInChat', () => vscode.commands.executeCommand('workbench.action.chat.open', { modelSelector: { vendor: 'greenroom-test' } })),
  );
}

module.exports = { activate };
