package lsp

// The parts of the Language Server Protocol 3.17 this server speaks.

import "encoding/json"

type Position struct {
	Line      int `json:"line"`      // 0-based
	Character int `json:"character"` // 0-based, in UTF-16 code units
}

type Range struct {
	Start Position `json:"start"`
	End   Position `json:"end"`
}

type Location struct {
	URI   string `json:"uri"`
	Range Range  `json:"range"`
}

type TextDocumentIdentifier struct {
	URI string `json:"uri"`
}

type VersionedTextDocumentIdentifier struct {
	URI     string `json:"uri"`
	Version *int   `json:"version"` // null: the file on disk
}

type TextDocumentItem struct {
	URI        string `json:"uri"`
	LanguageID string `json:"languageId"`
	Version    int    `json:"version"`
	Text       string `json:"text"`
}

type InitializeParams struct {
	InitializationOptions json.RawMessage `json:"initializationOptions"`
	RootURI               string          `json:"rootUri"`
	RootPath              string          `json:"rootPath"`
	WorkspaceFolders      []struct {
		URI  string `json:"uri"`
		Name string `json:"name"`
	} `json:"workspaceFolders"`
}

type DidOpenParams struct {
	TextDocument TextDocumentItem `json:"textDocument"`
}

type DidChangeParams struct {
	TextDocument   VersionedTextDocumentIdentifier `json:"textDocument"`
	ContentChanges []struct {
		Range *Range `json:"range,omitempty"`
		Text  string `json:"text"`
	} `json:"contentChanges"`
}

type DidCloseParams struct {
	TextDocument TextDocumentIdentifier `json:"textDocument"`
}

type TextDocumentPositionParams struct {
	TextDocument TextDocumentIdentifier `json:"textDocument"`
	Position     Position               `json:"position"`
}

type CodeActionParams struct {
	TextDocument TextDocumentIdentifier `json:"textDocument"`
	Range        Range                  `json:"range"`
	Context      struct {
		Only        []string     `json:"only,omitempty"`
		Diagnostics []Diagnostic `json:"diagnostics,omitempty"`
	} `json:"context"`
}

type CodeAction struct {
	Title       string              `json:"title"`
	Kind        string              `json:"kind"`
	Diagnostics []Diagnostic        `json:"diagnostics,omitempty"`
	IsPreferred bool                `json:"isPreferred,omitempty"`
	Edit        *WorkspaceEdit      `json:"edit,omitempty"`
	Command     *Command            `json:"command,omitempty"`
	Disabled    *Disabled           `json:"disabled,omitempty"`
	Data        *RedefineActionData `json:"data,omitempty"`
}

// Disabled marks a code action that cannot be applied here, saying why (LSP
// 3.16): editors show it greyed, with the reason, when the user asks for
// refactorings, and never in the automatic lightbulb.
type Disabled struct {
	Reason string `json:"reason"`
}

// RedefineActionData is the data of a "Redefine …" code action: what it
// redefines and where the stub goes, so that clients never parse the title
// (the extension's side is contracts/lsp.ts).
type RedefineActionData struct {
	Target string `json:"target"`
	Test   bool   `json:"test"`
	// Existing is where the target's replacement already is: the action
	// then goes there (its Command) instead of writing a second stub.
	Existing *Location `json:"existing,omitempty"`
}

// WorkspaceEdit uses documentChanges: a CreateFile, then TextDocumentEdits.
type WorkspaceEdit struct {
	DocumentChanges []any `json:"documentChanges"`
}

type CreateFile struct {
	Kind    string             `json:"kind"` // "create"
	URI     string             `json:"uri"`
	Options *CreateFileOptions `json:"options,omitempty"`
}

type CreateFileOptions struct {
	IgnoreIfExists bool `json:"ignoreIfExists,omitempty"`
}

type TextDocumentEdit struct {
	TextDocument VersionedTextDocumentIdentifier `json:"textDocument"`
	Edits        []TextEdit                      `json:"edits"`
}

type TextEdit struct {
	Range   Range  `json:"range"`
	NewText string `json:"newText"`
}

type Diagnostic struct {
	Range    Range           `json:"range"`
	Severity int             `json:"severity"` // 1 error
	Source   string          `json:"source"`
	Message  string          `json:"message"`
	Data     *DiagnosticData `json:"data,omitempty"` // returned in code action requests
}

// DiagnosticData is what a diagnostic carries for its quick fixes.
type DiagnosticData struct {
	// Fixes are texts that may replace the diagnostic's range: the names
	// a misspelt target was probably meant to be.
	Fixes []string `json:"fixes,omitempty"`
}

type PublishDiagnosticsParams struct {
	URI         string       `json:"uri"`
	Diagnostics []Diagnostic `json:"diagnostics"`
}

type CodeLens struct {
	Range   Range    `json:"range"`
	Command *Command `json:"command,omitempty"`
}

type Command struct {
	Title     string `json:"title"`
	Command   string `json:"command"`
	Arguments []any  `json:"arguments,omitempty"`
}

type Hover struct {
	Contents MarkupContent `json:"contents"`
	Range    *Range        `json:"range,omitempty"`
}

type MarkupContent struct {
	Kind  string `json:"kind"` // "markdown"
	Value string `json:"value"`
}

// Redefinition is one entry of the custom redefine/list answer
// (ARCHITECTURE.md, "Command ↔ editor").
type Redefinition struct {
	Target      string    `json:"target"`
	Replacement string    `json:"replacement"`
	URI         string    `json:"uri"`
	Range       Range     `json:"range"`
	Valid       bool      `json:"valid"`
	Error       string    `json:"error,omitempty"`
	Original    *Location `json:"original,omitempty"` // where the target is declared
	// Kind is "original" for a //redefine:original stand-in (Replacement
	// then runs Target's original; it does not redefine it), "" otherwise.
	Kind string `json:"kind,omitempty"`
}

type ListResult struct {
	Redefinitions []Redefinition `json:"redefinitions"`
}

// InstancesParams asks redefine/instances for one document.
type InstancesParams struct {
	TextDocument TextDocumentIdentifier `json:"textDocument"`
}

// InstanceSite is one use, in that document, of a generic instantiation
// that is redefined: only types tell Max(1, 2) (Max[int]) from
// Max(1.5, 2.5), so the editor asks the server where they are.
type InstanceSite struct {
	Target      string `json:"target"`
	Replacement string `json:"replacement"`
	Range       Range  `json:"range"`
}

type InstancesResult struct {
	Sites []InstanceSite `json:"sites"`
}
