package lsp

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
)

// goToOriginalCommand is the code lens command on a directive. The server
// implements it (vscode-languageclient registers the commands a server
// lists in executeCommandProvider), asking the client to show the original
// with window/showDocument, so an editor needs no code of its own for it.
const goToOriginalCommand = "redefine.goToOriginal"

// goToReplacementCommand shows a target's existing replacement: the code
// action offered instead of a second stub. It works as goToOriginalCommand.
const goToReplacementCommand = "redefine.goToReplacement"

func (s *Server) executeCommand(ctx context.Context, params json.RawMessage) (any, error) {
	var p struct {
		Command   string            `json:"command"`
		Arguments []json.RawMessage `json:"arguments"`
	}
	if err := json.Unmarshal(params, &p); err != nil {
		return nil, &rpcError{Code: codeInvalidParams, Message: err.Error()}
	}
	if p.Command != goToOriginalCommand && p.Command != goToReplacementCommand {
		return nil, &rpcError{Code: codeInvalidParams, Message: "unknown command " + p.Command}
	}
	var loc Location
	if len(p.Arguments) != 1 || json.Unmarshal(p.Arguments[0], &loc) != nil || loc.URI == "" {
		return nil, &rpcError{Code: codeInvalidParams, Message: p.Command + " takes one Location"}
	}
	s.mu.Lock()
	s.nextID++
	id := json.RawMessage(`"redefine-` + strconv.Itoa(s.nextID) + `"`)
	s.mu.Unlock()
	params2, _ := json.Marshal(map[string]any{"uri": loc.URI, "selection": loc.Range, "takeFocus": true})
	return nil, s.conn.write(&message{ID: &id, Method: "window/showDocument", Params: params2})
}

// buildFlags are the go build flags for loading packages: the client's
// goRedefine.buildFlags with the redefine tag merged into their -tags.
func (s *Server) buildFlags() []string {
	s.mu.Lock()
	user := append([]string(nil), s.userFlags...)
	s.mu.Unlock()
	var out, tags []string
	for i := 0; i < len(user); i++ {
		f := user[i]
		name := strings.TrimLeft(f, "-")
		switch {
		case strings.HasPrefix(name, "tags="):
			tags = strings.FieldsFunc(strings.TrimPrefix(name, "tags="), func(r rune) bool { return r == ',' || r == ' ' })
		case name == "tags" && f != name && i+1 < len(user):
			i++
			tags = strings.FieldsFunc(user[i], func(r rune) bool { return r == ',' || r == ' ' })
		default:
			out = append(out, f)
		}
	}
	has := false
	for _, t := range tags {
		has = has || t == "redefine"
	}
	if !has {
		tags = append(tags, "redefine")
	}
	return append([]string{"-tags=" + strings.Join(tags, ",")}, out...)
}
