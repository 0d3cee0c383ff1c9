// Starts `purewasm debug --dap` (stdio) for each "purewasm" debug session.
const vscode = require('vscode');

function activate(context) {
  context.subscriptions.push(vscode.debug.registerDebugAdapterDescriptorFactory('purewasm', {
    createDebugAdapterDescriptor() {
      const command = vscode.workspace.getConfiguration('purewasm').get('command') || 'purewasm';
      return new vscode.DebugAdapterExecutable(command, ['debug', '--dap']);
    },
  }));
}

function deactivate() {}

module.exports = { activate, deactivate };
