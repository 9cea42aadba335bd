package lsp

import (
	"context"
	"path/filepath"
	"sync"

	"goredefine.dev/internal/stub"
)

// packageCache keeps the type-checked package of each directory the editor
// works in, so a code action answers from memory (warm) instead of running
// the go command and the type checker again. An entry is current while no
// document of its directory changed (dirGen) and no file was saved (gen).
type packageCache struct {
	s       *Server
	mu      sync.Mutex
	entries map[string]*pkgEntry
}

type pkgEntry struct {
	once    sync.Once
	done    chan struct{}
	key     [2]int // dirGen, gen at load time
	loaded  *stub.Loaded
	overlay map[string][]byte
	err     error
}

func newPackageCache(s *Server) *packageCache {
	return &packageCache{s: s, entries: map[string]*pkgEntry{}}
}

// get returns the packages of file's directory, loading them if the cached
// ones are stale; concurrent callers share one load.
func (c *packageCache) get(ctx context.Context, file string) (*stub.Loaded, map[string][]byte, error) {
	dir := filepath.Dir(file)
	c.s.mu.Lock()
	key := [2]int{c.s.dirGen[dir], c.s.gen}
	c.s.mu.Unlock()
	c.mu.Lock()
	e := c.entries[dir]
	if e == nil || e.key != key {
		e = &pkgEntry{key: key, done: make(chan struct{})}
		c.entries[dir] = e
	}
	c.mu.Unlock()
	e.once.Do(func() {
		go func() {
			defer close(e.done)
			e.overlay = c.s.overlay()
			// Not tied to ctx: a cancelled request must not leave a
			// half-loaded entry for the next one.
			e.loaded, e.err = stub.Load(file, c.s.env, e.overlay, c.s.buildFlags())
		}()
	})
	select {
	case <-e.done:
		return e.loaded, e.overlay, e.err
	case <-ctx.Done():
		return nil, nil, ctx.Err()
	}
}
