package render

import (
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
	}
}
