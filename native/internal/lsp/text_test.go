package lsp

import (
	"bytes"
	"strings"
	"testing"
)

func TestPositions(t *testing.T) {
	text := "package p\n\n// héllo 😀 x\nfunc f() {}\n"
	// Line 3 (1-based): "// héllo 😀 x"; x is at byte column 16, UTF-16 character 12.
	line, col, ok := byteColumn(text, Position{Line: 2, Character: 12})
	if !ok || line != 3 || col != strings.Index("// héllo 😀 x", "x")+1 {
		t.Errorf("byteColumn = %d:%d %v", line, col, ok)
	}
	if p := lspPosition(text, 3, col); p != (Position{Line: 2, Character: 12}) {
		t.Errorf("lspPosition = %+v", p)
	}
	if p := endPosition(text); p != (Position{Line: 4, Character: 0}) {
		t.Errorf("endPosition = %+v", p)
	}
	if p := endPosition("a\nbc"); p != (Position{Line: 1, Character: 2}) {
		t.Errorf("endPosition without final newline = %+v", p)
	}
	if _, _, ok := byteColumn(text, Position{Line: 9}); ok {
		t.Error("byteColumn accepted a line past the end")
	}
}

func TestURIs(t *testing.T) {
	p := "/tmp/a dir/ü.go"
	if got := uriToPath(pathToURI(p)); got != p {
		t.Errorf("round trip %q → %q → %q", p, pathToURI(p), got)
	}
	if uriToPath("untitled:Untitled-1") != "" {
		t.Error("non-file URI gave a path")
	}
}

func TestFraming(t *testing.T) {
	var out bytes.Buffer
	c := newConn(strings.NewReader("Content-Length: 37\r\nContent-Type: application/vscode-jsonrpc\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\"}"), &out)
	m, err := c.read()
	if err != nil || m.Method != "x" || string(*m.ID) != "1" {
		t.Fatalf("read = %+v, %v", m, err)
	}
	c.reply(m.ID, map[string]int{"a": 1}, nil)
	if got := out.String(); got != "Content-Length: 41\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"a\":1}}" {
		t.Errorf("reply framed as %q", got)
	}
}

func TestApplyChange(t *testing.T) {
	text := "ab\ncd😀e\n"
	got := applyChange(text, &Range{Start: Position{1, 2}, End: Position{1, 4}}, "X")
	if got != "ab\ncdXe\n" {
		t.Errorf("ranged change: %q", got)
	}
	if got := applyChange(text, nil, "new"); got != "new" {
		t.Errorf("full change: %q", got)
	}
	if got := applyChange(text, &Range{Start: Position{2, 0}, End: Position{5, 0}}, "f\n"); got != "ab\ncd😀e\nf\n" {
		t.Errorf("append at the end: %q", got)
	}
}

func TestParseErrorReply(t *testing.T) {
	var out bytes.Buffer
	c := newConn(strings.NewReader("Content-Length: 5\r\n\r\n{oops"), &out)
	m, err := c.read()
	if err != nil || m.Error == nil || m.Error.Code != codeParseError {
		t.Fatalf("read = %+v, %v", m, err)
	}
	c.reply(nil, nil, m.Error)
	if !strings.Contains(out.String(), `"id":null`) || !strings.Contains(out.String(), `"code":-32700`) {
		t.Errorf("parse error reply: %s", out.String())
	}
}

func TestBuildFlags(t *testing.T) {
	for _, c := range []struct {
		user []string
		want string
	}{
		{nil, "-tags=redefine"},
		{[]string{"-tags=integration,e2e", "-mod=mod"}, "-tags=integration,e2e,redefine -mod=mod"},
		{[]string{"-tags", "redefine,x"}, "-tags=redefine,x"},
	} {
		s := &Server{userFlags: c.user}
		if got := strings.Join(s.buildFlags(), " "); got != c.want {
			t.Errorf("buildFlags(%q) = %q, want %q", c.user, got, c.want)
		}
	}
}
