package lsp

import (
	"net/url"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// uriToPath turns a file:// URI into an absolute path ("" for other schemes).
func uriToPath(uri string) string {
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "file" {
		return ""
	}
	return filepath.FromSlash(u.Path)
}

func pathToURI(path string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()
}

// lineStart returns the byte offset where 0-based line starts, or -1.
func lineStart(text string, line int) int {
	off := 0
	for i := 0; i < line; i++ {
		nl := strings.IndexByte(text[off:], '\n')
		if nl < 0 {
			return -1
		}
		off += nl + 1
	}
	return off
}

// byteColumn converts an LSP position to a 1-based line and 1-based byte
// column (go/token's convention). LSP counts UTF-16 code units.
func byteColumn(text string, p Position) (line, col int, ok bool) {
	start := lineStart(text, p.Line)
	if start < 0 {
		return 0, 0, false
	}
	rest := text[start:]
	if nl := strings.IndexByte(rest, '\n'); nl >= 0 {
		rest = rest[:nl]
	}
	units, i := 0, 0
	for i < len(rest) && units < p.Character {
		r, size := utf8.DecodeRuneInString(rest[i:])
		units += utf16Len(r)
		i += size
	}
	return p.Line + 1, i + 1, true
}

// lspPosition converts a 1-based line and byte column to an LSP position.
func lspPosition(text string, line, col int) Position {
	if line < 1 {
		return Position{}
	}
	start := lineStart(text, line-1)
	if start < 0 {
		return Position{Line: line - 1}
	}
	end := start + col - 1
	if end > len(text) {
		end = len(text)
	}
	if end < start {
		end = start
	}
	units := 0
	for _, r := range text[start:end] {
		units += utf16Len(r)
	}
	return Position{Line: line - 1, Character: units}
}

// endPosition is the position just past the last character of text.
func endPosition(text string) Position {
	line := strings.Count(text, "\n")
	last := text[strings.LastIndexByte(text, '\n')+1:]
	units := 0
	for _, r := range last {
		units += utf16Len(r)
	}
	return Position{Line: line, Character: units}
}

// applyChange applies one content change: the whole text when r is nil,
// else a replacement of the range.
func applyChange(text string, r *Range, newText string) string {
	if r == nil {
		return newText
	}
	start, ok1 := offset(text, r.Start)
	end, ok2 := offset(text, r.End)
	if !ok1 || !ok2 || end < start {
		return text
	}
	return text[:start] + newText + text[end:]
}

// offset is the byte offset of an LSP position; a position past the end of
// a line or of the text is clamped, as the protocol asks.
func offset(text string, p Position) (int, bool) {
	if p.Line > strings.Count(text, "\n") {
		return len(text), true
	}
	line, col, ok := byteColumn(text, p)
	if !ok {
		return 0, false
	}
	return lineStart(text, line-1) + col - 1, true
}

// utf16Len is how many UTF-16 code units r takes (utf16.RuneLen arrived in
// Go 1.23; the command builds with Go 1.22).
func utf16Len(r rune) int {
	if r >= 0x10000 {
		return 2
	}
	return 1
}
