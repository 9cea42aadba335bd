package store

type Store struct{ m map[string]string }

func (s *Store) Get(key string) string { return s.m[key] + string(load()) }

func load() []byte { return []byte("x") }
