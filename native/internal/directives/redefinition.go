// Package directives finds the redefinitions a package asks for
// (//redefine:func lines and -redefine flags), checks them against the real
// types of their targets, and reports every problem as a diagnostic at
// file:line:col.
package directives

import (
	"fmt"
	"go/token"
	"strings"

	"goredefine.dev/internal/symbol"
)

// Prefix starts every directive line.
const Prefix = "//redefine:"

// Redefinition is one target replaced by one function.
type Redefinition struct {
	Target      symbol.Name // resolved to one reading; Pkg is an import path
	Replacement symbol.Name // the replacing function; Pkg is an import path

	// ReplacementIsMain and TargetIsMain say the function lives in a command's
	// main package: the runtime calls it main.F in a program but
	// <import path>.F in that package's test binary.
	ReplacementIsMain, TargetIsMain bool

	PkgName  string // package clause of the replacement's file (p, p_test, main)
	Dir      string // directory of the replacement's package
	File     string // absolute path of the file that declares the replacement
	InTest   bool   // declared in a _test.go file
	FromFlag bool   // given as -redefine target=replacement
	// Original marks a //redefine:original stand-in: Replacement is a
	// function of the user's that the engine makes run Target's original
	// (the code Target had before it was redefined), so that a replacement
	// can call the original without importing the engine.
	Original bool

	Pos       token.Position // the directive (or the replacement's declaration for a flag)
	TargetPos token.Position // where the target name starts in the directive
	TargetEnd token.Position
	FuncPos   token.Position // the replacement's declaration
	// TargetDecl is where the target is declared (for "go to original");
	// invalid when the target was not found.
	TargetDecl token.Position

	Err string // why this redefinition is not valid; "" when it is

	// Instance is the instantiation a generic target names; nil otherwise.
	Instance *Instance

	// TargetAs and ReplacementAs are the names as the user wrote them (the
	// directive's target, the -redefine flag's two names); "" where nothing
	// was written (a directive's replacement is the function below it).
	TargetAs, ReplacementAs string
}

// TargetShown is the target in the one form people see it in (the editor's
// list, the report, messages): as the user wrote it, else as a program names it.
func (r *Redefinition) TargetShown() string {
	if r.TargetAs != "" {
		return r.TargetAs
	}
	return r.TargetName(false)
}

// ReplacementShown is the replacement in the form people see it in: as the
// -redefine flag wrote it, else as a program names it (main.fixedNow in a
// command's package), in its test binary too.
func (r *Redefinition) ReplacementShown() string {
	if r.ReplacementAs != "" {
		return r.ReplacementAs
	}
	return r.ReplacementName(false)
}

// Valid reports whether r can be applied.
func (r *Redefinition) Valid() bool { return r.Err == "" }

// TargetName is the runtime's name for the target in a program (test=false)
// or a test binary (test=true).
func (r *Redefinition) TargetName(test bool) string {
	n := r.Target
	if !test {
		// A command's types in type arguments are main.T in its program.
		if r.TargetIsMain {
			n = n.ReplaceTypeArgPackage(n.Pkg, "main")
		}
		if r.ReplacementIsMain {
			n = n.ReplaceTypeArgPackage(strings.TrimSuffix(r.Replacement.Pkg, "_test"), "main")
		}
	}
	return runtimeName(n, r.TargetIsMain, test)
}

// ReplacementName is the runtime's name for the replacement.
func (r *Redefinition) ReplacementName(test bool) string {
	return runtimeName(r.Replacement, r.ReplacementIsMain, test)
}

// runtimeName spells n as runtime.FuncForPC prints it. n.Pkg is always the
// import path; a command's main package is linked as "main" into its program
// but under its import path into its test binary (checked with real builds:
// see TestRuntimeNames in the inject package).
func runtimeName(n symbol.Name, isMain, test bool) string {
	if isMain && !test {
		n.Pkg = "main"
	}
	return n.String()
}

// Diagnostic is one problem at one place.
type Diagnostic struct {
	Pos, End token.Position
	Message  string
	// Fixes are texts that may replace Pos..End (the names a misspelt
	// target was probably meant to be), for editors to offer.
	Fixes []string
}

func (d Diagnostic) String() string {
	return fmt.Sprintf("%s: %s", d.Pos, d.Message)
}
