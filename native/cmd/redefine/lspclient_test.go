package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/textproto"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// lspClient drives `redefine lsp` over its real stdin and stdout.
type lspClient struct {
	t     *testing.T
	cmd   *exec.Cmd
	in    io.WriteCloser
	mu    sync.Mutex
	cond  *sync.Cond
	next  int
	resps map[int]rpcMsg
	notes []rpcMsg
	done  chan error
}

type rpcMsg struct {
	ID     json.RawMessage `json:"id,omitempty"` // a number for our requests; the server's own use strings
	Method string          `json:"method,omitempty"`
	Params json.RawMessage `json:"params,omitempty"`
	Result json.RawMessage `json:"result,omitempty"`
	Error  *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error,omitempty"`
}

func startLSP(t *testing.T, root string) *lspClient {
	return startLSPWith(t, root, nil)
}

// startLSPWith starts the server with initializationOptions.
func startLSPWith(t *testing.T, root string, initOptions any) *lspClient {
	t.Helper()
	cmd := exec.Command(redefineBin, "lsp")
	cmd.Dir = root
	in, _ := cmd.StdinPipe()
	out, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &lspClient{t: t, cmd: cmd, in: in, resps: map[int]rpcMsg{}, done: make(chan error, 1)}
	c.cond = sync.NewCond(&c.mu)
	go c.readLoop(bufio.NewReader(out))
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	var init struct {
		Capabilities map[string]any `json:"capabilities"`
	}
	c.call("initialize", map[string]any{"processId": os.Getpid(), "rootUri": fileURI(root), "capabilities": map[string]any{},
		"initializationOptions": initOptions}, &init)
	if init.Capabilities["codeActionProvider"] == nil {
		t.Fatalf("no codeActionProvider in %v", init.Capabilities)
	}
	c.notify("initialized", map[string]any{})
	return c
}

func (c *lspClient) readLoop(r *bufio.Reader) {
	tp := textproto.NewReader(r)
	for {
		h, err := tp.ReadMIMEHeader()
		if err != nil {
			c.done <- err
			c.cond.Broadcast()
			return
		}
		n, _ := strconv.Atoi(h.Get("Content-Length"))
		body := make([]byte, n)
		if _, err := io.ReadFull(r, body); err != nil {
			c.done <- err
			return
		}
		var m rpcMsg
		if err := json.Unmarshal(body, &m); err != nil {
			c.t.Errorf("server sent invalid JSON: %s", body)
			continue
		}
		c.mu.Lock()
		if m.Method != "" {
			c.notes = append(c.notes, m) // notifications and the server's requests
		} else if id, err := strconv.Atoi(string(m.ID)); err == nil {
			c.resps[id] = m
		}
		c.cond.Broadcast()
		c.mu.Unlock()
	}
}

func (c *lspClient) send(m map[string]any) {
	m["jsonrpc"] = "2.0"
	body, _ := json.Marshal(m)
	fmt.Fprintf(c.in, "Content-Length: %d\r\n\r\n%s", len(body), body)
}

func (c *lspClient) notify(method string, params any) {
	c.send(map[string]any{"method": method, "params": params})
}

// start sends a request and returns its id.
func (c *lspClient) start(method string, params any) int {
	c.mu.Lock()
	c.next++
	id := c.next
	c.mu.Unlock()
	c.send(map[string]any{"id": id, "method": method, "params": params})
	return id
}

func (c *lspClient) wait(id int) rpcMsg {
	c.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	c.mu.Lock()
	defer c.mu.Unlock()
	for {
		if m, ok := c.resps[id]; ok {
			return m
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("no response to request %d", id)
		}
		c.waitCond()
	}
}

// waitCond waits for news, waking at least every 100ms to check deadlines.
func (c *lspClient) waitCond() {
	t := time.AfterFunc(100*time.Millisecond, c.cond.Broadcast)
	c.cond.Wait()
	t.Stop()
}

func (c *lspClient) call(method string, params, result any) {
	c.t.Helper()
	m := c.wait(c.start(method, params))
	if m.Error != nil {
		c.t.Fatalf("%s: error %d %s", method, m.Error.Code, m.Error.Message)
	}
	if result != nil {
		if err := json.Unmarshal(m.Result, result); err != nil {
			c.t.Fatalf("%s: %v in %s", method, err, m.Result)
		}
	}
}

// waitNote waits for a notification that satisfies ok.
func (c *lspClient) waitNote(method string, ok func(json.RawMessage) bool) json.RawMessage {
	c.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	c.mu.Lock()
	defer c.mu.Unlock()
	for seen := 0; ; {
		for ; seen < len(c.notes); seen++ {
			if n := c.notes[seen]; n.Method == method && ok(n.Params) {
				return n.Params
			}
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("no %s notification that matches", method)
		}
		c.waitCond()
	}
}

func fileURI(p string) string { return "file://" + filepath.ToSlash(p) }

// applyEdit applies a WorkspaceEdit made of CreateFile and TextDocumentEdit
// operations (whole-document replacements or insertions at 0:0, which is
// all this server sends) to the files on disk.
func applyEdit(t *testing.T, edit json.RawMessage) {
	t.Helper()
	var e struct {
		DocumentChanges []struct {
			Kind         string `json:"kind"`
			URI          string `json:"uri"`
			TextDocument struct {
				URI string `json:"uri"`
			} `json:"textDocument"`
			Edits []struct {
				Range struct {
					Start, End struct{ Line, Character int }
				} `json:"range"`
				NewText string `json:"newText"`
			} `json:"edits"`
		} `json:"documentChanges"`
	}
	if err := json.Unmarshal(edit, &e); err != nil {
		t.Fatal(err)
	}
	for _, ch := range e.DocumentChanges {
		if ch.Kind == "create" {
			path := strings.TrimPrefix(ch.URI, "file://")
			if _, err := os.Stat(path); err == nil {
				t.Fatalf("CreateFile for existing %s", path)
			}
			os.WriteFile(path, nil, 0o644)
			continue
		}
		path := strings.TrimPrefix(ch.TextDocument.URI, "file://")
		old, _ := os.ReadFile(path)
		if len(ch.Edits) != 1 {
			t.Fatalf("want one edit, got %d", len(ch.Edits))
		}
		ed := ch.Edits[0]
		if ed.Range.Start.Line != 0 || ed.Range.Start.Character != 0 {
			t.Fatalf("edit does not start at 0:0: %+v", ed.Range)
		}
		lines := strings.Count(string(old), "\n")
		if ed.Range.End.Line != lines && !(ed.Range.End.Line == 0 && len(old) == 0) {
			t.Fatalf("edit of %s ends at line %d, the file has %d", path, ed.Range.End.Line, lines)
		}
		os.WriteFile(path, []byte(ed.NewText), 0o644)
	}
}
