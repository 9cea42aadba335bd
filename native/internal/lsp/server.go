package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// Server is one language server session.
type Server struct {
	conn *conn
	env  []string
	log  io.Writer

	mu          sync.Mutex
	roots       []string             // workspace folders
	userFlags   []string             // goRedefine.buildFlags from the client
	nextID      int                  // for requests this server sends
	docs        map[string]*document // open documents by absolute path
	initialized bool
	shutdown    bool
	inflight    map[string]context.CancelFunc // by request id
	dirGen      map[string]int                // per directory: bumped on every edit there
	gen         int                           // bumped on every edit anywhere

	pkgs     *packageCache
	analysis *analyzer
}

type document struct {
	text    string
	version int
}

// Options configure a Server.
type Options struct {
	Env []string  // environment for the go command (nil = os.Environ())
	Log io.Writer // where to log (nil = nowhere)
	// Debounce is how long edits settle before the workspace is analysed.
	Debounce time.Duration
}

// Serve runs a session on r and w until the client sends exit or closes
// the stream. It returns the process exit status the LSP spec asks for: 0
// after shutdown, 1 otherwise.
func Serve(ctx context.Context, r io.Reader, w io.Writer, o Options) int {
	if o.Log == nil {
		o.Log = io.Discard
	}
	if o.Debounce == 0 {
		o.Debounce = 200 * time.Millisecond
	}
	s := &Server{
		conn:     newConn(r, w),
		env:      o.Env,
		log:      o.Log,
		docs:     map[string]*document{},
		inflight: map[string]context.CancelFunc{},
		dirGen:   map[string]int{},
	}
	s.pkgs = newPackageCache(s)
	s.analysis = newAnalyzer(s, o.Debounce)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go s.analysis.run(ctx)
	for {
		m, err := s.conn.read()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				fmt.Fprintf(s.log, "reading: %v\n", err)
			}
			return 1
		}
		if m.Error != nil && m.Method == "" && m.ID == nil {
			s.conn.reply(nil, nil, m.Error) // could not parse
			continue
		}
		if m.Method == "" {
			continue // a response to a request of ours; we send none that need one
		}
		if m.ID == nil {
			if m.Method == "exit" {
				s.mu.Lock()
				down := s.shutdown
				s.mu.Unlock()
				if down {
					return 0
				}
				return 1
			}
			s.handleNotification(ctx, m)
			continue
		}
		s.handleRequest(ctx, m)
	}
}

func (s *Server) handleRequest(ctx context.Context, m *message) {
	s.mu.Lock()
	init, down := s.initialized, s.shutdown
	s.mu.Unlock()
	switch {
	case m.Method == "initialize":
		res, err := s.initialize(m.Params)
		s.conn.reply(m.ID, res, err)
		return
	case !init:
		s.conn.reply(m.ID, nil, &rpcError{Code: codeServerNotInit, Message: "the server is not initialized yet: send initialize first"})
		return
	case down:
		s.conn.reply(m.ID, nil, &rpcError{Code: codeInvalidRequest, Message: "the server is shutting down"})
		return
	case m.Method == "shutdown":
		s.mu.Lock()
		s.shutdown = true
		s.mu.Unlock()
		s.conn.reply(m.ID, nil, nil)
		return
	}
	handler, ok := s.requestHandlers()[m.Method]
	if !ok {
		s.conn.reply(m.ID, nil, &rpcError{Code: codeMethodNotFound, Message: "method not supported: " + m.Method})
		return
	}
	key := string(*m.ID)
	rctx, cancel := context.WithCancel(ctx)
	s.mu.Lock()
	s.inflight[key] = cancel
	s.mu.Unlock()
	// Requests run concurrently, so a slow one (a cold package load) does
	// not hold up the others, and $/cancelRequest can reach it.
	go func() {
		defer func() {
			s.mu.Lock()
			delete(s.inflight, key)
			s.mu.Unlock()
			cancel()
		}()
		res, err := handler(rctx, m.Params)
		if rctx.Err() != nil && ctx.Err() == nil {
			err = &rpcError{Code: codeRequestCancelled, Message: "request cancelled"}
		}
		if err != nil {
			if _, isRPC := err.(*rpcError); !isRPC {
				fmt.Fprintf(s.log, "%s: %v\n", m.Method, err)
			}
		}
		s.conn.reply(m.ID, res, err)
	}()
}

type handlerFunc func(context.Context, json.RawMessage) (any, error)

func (s *Server) requestHandlers() map[string]handlerFunc {
	return map[string]handlerFunc{
		"textDocument/codeAction":    s.codeAction,
		"textDocument/codeLens":      s.codeLens,
		"textDocument/hover":         s.hover,
		"redefine/list":              s.list,
		"redefine/instances":         s.instances,
		"redefine/methodOccurrences": s.methodOccurrences,
		"workspace/executeCommand":   s.executeCommand,
	}
}

func (s *Server) handleNotification(ctx context.Context, m *message) {
	var err error
	switch m.Method {
	case "initialized":
		s.analysis.schedule()
	case "textDocument/didOpen":
		var p DidOpenParams
		if err = json.Unmarshal(m.Params, &p); err == nil {
			s.setDoc(uriToPath(p.TextDocument.URI), &document{text: p.TextDocument.Text, version: p.TextDocument.Version})
		}
	case "textDocument/didChange":
		var p DidChangeParams
		if err = json.Unmarshal(m.Params, &p); err == nil {
			path := uriToPath(p.TextDocument.URI)
			text, _ := s.text(path)
			// We ask for full synchronisation, but apply ranged changes
			// too, in order, as the protocol defines them.
			for _, ch := range p.ContentChanges {
				text = applyChange(text, ch.Range, ch.Text)
			}
			v := 0
			if p.TextDocument.Version != nil {
				v = *p.TextDocument.Version
			}
			s.setDoc(path, &document{text: text, version: v})
		}
	case "textDocument/didClose":
		var p DidCloseParams
		if err = json.Unmarshal(m.Params, &p); err == nil {
			s.setDoc(uriToPath(p.TextDocument.URI), nil)
		}
	case "textDocument/didSave", "workspace/didChangeWatchedFiles":
		// Files on disk changed: every cached load may be stale.
		s.mu.Lock()
		s.gen++
		for d := range s.dirGen {
			s.dirGen[d]++
		}
		s.mu.Unlock()
		s.analysis.schedule()
	case "workspace/didChangeConfiguration":
		// vscode-languageclient sends the goRedefine section as settings.
		var p struct {
			Settings struct {
				GoRedefine *struct {
					BuildFlags []string `json:"buildFlags"`
				} `json:"goRedefine"`
			} `json:"settings"`
		}
		if err = json.Unmarshal(m.Params, &p); err == nil && p.Settings.GoRedefine != nil {
			s.mu.Lock()
			s.userFlags = p.Settings.GoRedefine.BuildFlags
			s.gen++ // every load depends on the flags
			for d := range s.dirGen {
				s.dirGen[d]++
			}
			s.mu.Unlock()
			s.analysis.schedule()
		}
	case "workspace/didChangeWorkspaceFolders":
		var p struct {
			Event struct {
				Added, Removed []struct {
					URI string `json:"uri"`
				}
			} `json:"event"`
		}
		if err = json.Unmarshal(m.Params, &p); err == nil {
			s.mu.Lock()
			for _, f := range p.Event.Removed {
				gone := uriToPath(f.URI)
				for i, r := range s.roots {
					if r == gone {
						s.roots = append(s.roots[:i], s.roots[i+1:]...)
						break
					}
				}
			}
			for _, f := range p.Event.Added {
				if r := uriToPath(f.URI); r != "" {
					s.roots = append(s.roots, r)
				}
			}
			s.gen++
			s.mu.Unlock()
			s.analysis.schedule()
		}
	case "$/cancelRequest":
		var p struct {
			ID json.RawMessage `json:"id"`
		}
		if err = json.Unmarshal(m.Params, &p); err == nil {
			s.mu.Lock()
			if cancel := s.inflight[string(p.ID)]; cancel != nil {
				cancel()
			}
			s.mu.Unlock()
		}
	}
	if err != nil {
		fmt.Fprintf(s.log, "%s: %v\n", m.Method, err)
	}
}

func (s *Server) initialize(params json.RawMessage) (any, error) {
	var p InitializeParams
	if err := json.Unmarshal(params, &p); err != nil {
		return nil, &rpcError{Code: codeInvalidParams, Message: err.Error()}
	}
	var opts struct {
		BuildFlags []string `json:"buildFlags"`
	}
	if len(p.InitializationOptions) > 0 {
		json.Unmarshal(p.InitializationOptions, &opts)
	}
	var roots []string
	for _, f := range p.WorkspaceFolders {
		if r := uriToPath(f.URI); r != "" {
			roots = append(roots, r)
		}
	}
	if len(roots) == 0 {
		if r := uriToPath(p.RootURI); r != "" {
			roots = append(roots, r)
		} else if p.RootPath != "" {
			roots = append(roots, p.RootPath)
		} else if wd, err := os.Getwd(); err == nil {
			roots = append(roots, wd)
		}
	}
	s.mu.Lock()
	s.roots = roots
	s.userFlags = opts.BuildFlags
	s.initialized = true
	s.mu.Unlock()
	return map[string]any{
		"capabilities": map[string]any{
			"positionEncoding": "utf-16",
			"textDocumentSync": map[string]any{"openClose": true, "change": 1, "save": true},
			"codeActionProvider": map[string]any{
				"codeActionKinds": []string{"refactor.rewrite", "quickfix"},
			},
			"codeLensProvider": map[string]any{"resolveProvider": false},
			"hoverProvider":    true,
			"executeCommandProvider": map[string]any{
				"commands": []string{goToOriginalCommand, goToReplacementCommand},
			},
			"workspace": map[string]any{
				"workspaceFolders": map[string]any{"supported": true, "changeNotifications": true},
			},
		},
		"serverInfo": map[string]any{"name": "redefine", "version": "0.1.0"},
	}, nil
}

// setDoc records an open document's text (nil: closed).
func (s *Server) setDoc(path string, d *document) {
	if path == "" {
		return
	}
	s.mu.Lock()
	if d == nil {
		delete(s.docs, path)
	} else {
		s.docs[path] = d
	}
	s.dirGen[filepath.Dir(path)]++
	s.gen++
	s.mu.Unlock()
	s.analysis.schedule()
}

// overlay is every open document's text, for the go command and the parser.
func (s *Server) overlay() map[string][]byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string][]byte, len(s.docs))
	for p, d := range s.docs {
		out[p] = []byte(d.text)
	}
	return out
}

// text is a file's current text: the editor's if open, else the disk's.
func (s *Server) text(path string) (string, *int) {
	s.mu.Lock()
	d := s.docs[path]
	s.mu.Unlock()
	if d != nil {
		v := d.version
		return d.text, &v
	}
	data, _ := os.ReadFile(path)
	return string(data), nil
}
