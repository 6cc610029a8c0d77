package render

import (
	"fmt"
	"html/template"
	"strings"
)

func funcs() template.FuncMap {
	return template.FuncMap{
		"title": func(s string) string {
			if s == "" {
				return s
			}
			return strings.ToUpper(s[:1]) + s[1:]
		},
		"token": cssToken,
		"add":   func(a, b int) int { return a + b },
		"join":  strings.Join,
		// plural picks the singular or plural noun for a count.
		"plural": func(n int, one, many string) string {
			if n == 1 {
				return fmt.Sprintf("%d %s", n, one)
			}
			return fmt.Sprintf("%d %s", n, many)
		},
	}
}
