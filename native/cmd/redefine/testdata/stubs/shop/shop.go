package shop

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// Cart holds items.
type Cart struct{ items []string }

// Add appends items.
func (c *Cart) Add(items ...string) int {
	c.items = append(c.items, items...)
	return len(c.items)
}

// Total is a value-receiver method.
func (c Cart) Total(ctx context.Context, prices map[string]float64) (float64, error) {
	return 0, nil
}

func helper(w io.Writer, n int) (int, error) { return fmt.Fprint(w, n) }

// redefinedHelper exists so that a stub for helper must pick another name.
func redefinedHelper() {}

func Use() {
	c := &Cart{}
	c.Add("a", "b")
	_, _ = Cart.Total(*c, context.Background(), nil)
	_, _ = helper(io.Discard, 1)
	_ = time.Now()
	_, _ = http.DefaultClient.Do(nil)
	_ = strings.Repeat("x", 2)
	var f func(string, int) string = strings.Repeat
	_ = f
}

func Refused(w io.Writer) {
	_, _ = w.Write(nil)
	_ = max(1, 2)
	_ = Map([]int{1}, func(i int) int { return i })
}

// Map is generic.
func Map[T, U any](s []T, f func(T) U) []U { return nil }
