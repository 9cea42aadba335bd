// Names that more than one room uses: the debug type, the adapter's custom event, and the
// extension's command ids. package.json repeats some of them (it is JSON);
// test/unit/contracts.test.ts checks that it says the same. Pure: no vscode import.

/** The debug type of the go-redefine debug adapter (package.json `contributes.debuggers`). */
export const debugType = 'go-redefine';

/** The debug adapter's custom event; its body is one report line (./report.ts). */
export const reportEvent = 'redefineReport';

/** Command ids, `goRedefine.verb`. The public ones are in package.json `contributes.commands`. */
export const commands = {
	redefineFunction: 'goRedefine.redefineFunction',
	restartLanguageServer: 'goRedefine.restartLanguageServer',
	rebuildTools: 'goRedefine.rebuildTools',
	doctor: 'goRedefine.doctor',
	showOutput: 'goRedefine.showOutput',
	toggleDecorations: 'goRedefine.toggleDecorations',
	runTestWithRedefinitions: 'goRedefine.runTestWithRedefinitions',
	debugTestWithRedefinitions: 'goRedefine.debugTestWithRedefinitions',
} as const;

/** Commands the extension registers for its own use: not in package.json, not in the palette. */
export const internalCommands = {
	/** Run after a "Redefine …" code action's edit: saves the stub and puts the cursor in it. */
	revealStub: 'goRedefine.revealStub',
} as const;
