// A minimal VS Code client for `pmlint server`: it starts the server over stdio for Markdown
// files and lets it watch the configuration files; everything else is the server's.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate() {
  const settings = vscode.workspace.getConfiguration("pmlint");
  const [command, ...args] = settings.get("command");
  const ruleUrl = settings.get("ruleUrl");
  client = new LanguageClient(
    "pmlint",
    "pmlint",
    { command, args },
    {
      documentSelector: [{ scheme: "file", language: "markdown" }],
      initializationOptions: ruleUrl ? { ruleUrl } : {},
    },
  );
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
