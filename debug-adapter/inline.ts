// The in-process entry point for the extension: registers the go-redefine debug adapter
// (running inside the extension host) and its DebugConfigurationProvider.
//
//   import { registerDebugAdapter } from '../debug-adapter/inline';
//   registerDebugAdapter(context, { redefinePath: () => state.redefinePath });
//
// The adapter sends the custom event `redefineReport` (body: one line of the engine's report);
// listen with vscode.debug.onDidReceiveDebugSessionCustomEvent. See docs/debugging.md.

import * as vscode from 'vscode';
import { fillDefaults, initialConfigurations } from './config';
import { debugType } from '../contracts/names';
import { GoRedefineSession } from './session';

export interface DebugAdapterOptions {
  /** The path of the redefine command the extension built; fills `redefinePath` when unset. */
  redefinePath?: () => string | undefined | Promise<string | undefined>;
  /**
   * Run the adapter as a separate process (package.json's debuggers[].program) instead of
   * in the extension host. Default false.
   */
  separateProcess?: boolean;
}

/** Registers the adapter factory and configuration providers; everything is also pushed to context.subscriptions. */
export function registerDebugAdapter(context: vscode.ExtensionContext, options: DebugAdapterOptions = {}): vscode.Disposable {
  const provider = new ConfigurationProvider(options);
  const log = vscode.window.createOutputChannel('Go Redefine Debug');
  const disposables = [
    log,
    vscode.debug.registerDebugAdapterTrackerFactory(debugType, new TrafficLog(log)),
    vscode.debug.registerDebugAdapterDescriptorFactory(debugType, new InlineFactory(options)),
    vscode.debug.registerDebugConfigurationProvider(debugType, provider, vscode.DebugConfigurationProviderTriggerKind.Initial),
    vscode.debug.registerDebugConfigurationProvider(debugType, provider, vscode.DebugConfigurationProviderTriggerKind.Dynamic),
  ];
  context.subscriptions.push(...disposables);
  return vscode.Disposable.from(...disposables);
}

class InlineFactory implements vscode.DebugAdapterDescriptorFactory {
  constructor(private readonly options: DebugAdapterOptions) {}

  createDebugAdapterDescriptor(
    _session: vscode.DebugSession,
    executable: vscode.DebugAdapterExecutable | undefined,
  ): vscode.ProviderResult<vscode.DebugAdapterDescriptor> {
    if (this.options.separateProcess && executable) return executable;
    return new vscode.DebugAdapterInlineImplementation(new GoRedefineSession() as unknown as vscode.DebugAdapter);
  }
}

/** With "showLog": true, every DAP message of the session goes to the "Go Redefine Debug" output channel. */
class TrafficLog implements vscode.DebugAdapterTrackerFactory {
  constructor(private readonly channel: vscode.OutputChannel) {}

  createDebugAdapterTracker(session: vscode.DebugSession): vscode.ProviderResult<vscode.DebugAdapterTracker> {
    if (!session.configuration.showLog) return undefined;
    const line = (dir: string, m: unknown) => this.channel.appendLine(`${new Date().toISOString()} ${session.name} ${dir} ${JSON.stringify(m)}`);
    return {
      onWillReceiveMessage: (m) => line('->', m),
      onDidSendMessage: (m) => line('<-', m),
      onError: (e) => line('error', e.message),
      onExit: (code, signal) => line('exit', { code, signal }),
    };
  }
}

class ConfigurationProvider implements vscode.DebugConfigurationProvider {
  constructor(private readonly options: DebugAdapterOptions) {}

  provideDebugConfigurations(): vscode.ProviderResult<vscode.DebugConfiguration[]> {
    return initialConfigurations;
  }

  async resolveDebugConfiguration(
    _folder: vscode.WorkspaceFolder | undefined,
    config: vscode.DebugConfiguration,
  ): Promise<vscode.DebugConfiguration | undefined> {
    // dlvPath (from go.alternateTools, with its variables expanded) is the extension's job
    // (extension/debug/register.ts), done after this with the substituted variables.
    const resolved = fillDefaults(config, {
      activeFile: vscode.window.activeTextEditor?.document.uri.fsPath,
      redefinePath: await this.options.redefinePath?.(),
    });
    if (!resolved) {
      void vscode.window.showInformationMessage('Open a Go file, or add a "go-redefine" configuration to launch.json, to debug with redefinitions.');
      return undefined;
    }
    return resolved;
  }
}
