// Typed access to our settings. Each feature reads what it needs and watches its own keys.

import * as vscode from 'vscode';

export type StubLocation = 'package' | 'test';
export type ControllerMode = 'auto' | 'always' | 'never';

export interface Settings {
	goExecutablePath: string;
	redefinePath: string;
	stubLocation: StubLocation;
	decorationsEnabled: boolean;
	buildFlags: string[];
	testingController: ControllerMode;
}

export const section = 'goRedefine';

export function readSettings(scope?: vscode.ConfigurationScope): Settings {
	const c = vscode.workspace.getConfiguration(section, scope);
	return {
		goExecutablePath: c.get<string>('goExecutablePath', ''),
		redefinePath: c.get<string>('redefinePath', ''),
		stubLocation: c.get<StubLocation>('stubLocation', 'package'),
		decorationsEnabled: c.get<boolean>('decorations.enabled', true),
		buildFlags: c.get<string[]>('buildFlags', []),
		testingController: c.get<ControllerMode>('testing.controller', 'auto'),
	};
}

/** The official Go extension's settings that we honour, read without depending on it. */
export interface GoExtensionSettings {
	goroot?: string;
	alternateTools: Record<string, string>;
	toolsEnvVars: Record<string, unknown>;
	testExplorerEnabled: boolean;
}

export function readGoExtensionSettings(scope?: vscode.ConfigurationScope): GoExtensionSettings {
	const c = vscode.workspace.getConfiguration('go', scope);
	return {
		goroot: c.get<string>('goroot') || undefined,
		alternateTools: c.get<Record<string, string>>('alternateTools') ?? {},
		toolsEnvVars: c.get<Record<string, unknown>>('toolsEnvVars') ?? {},
		testExplorerEnabled: c.get<boolean>('testExplorer.enable', true),
	};
}
