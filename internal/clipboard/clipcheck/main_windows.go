// Command clipcheck prints the formats on the Windows clipboard as JSON:
// the text, and the data of every registered format (hex). The Windows
// smoke test runs it under wine after Omamori.exe copied a code.
package main

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"

	"github.com/omamori-app/omamori/internal/clipboard"
)

func main() {
	f, err := clipboard.Formats()
	if err != nil {
		fmt.Fprintln(os.Stderr, "clipcheck:", err)
		os.Exit(1)
	}
	out := struct {
		Text    string            `json:"text"`
		Formats map[string]string `json:"formats"`
	}{Formats: map[string]string{}}
	c, _ := clipboard.System()
	out.Text = c.Content()
	for name, data := range f {
		out.Formats[name] = hex.EncodeToString(data)
	}
	e := json.NewEncoder(os.Stdout)
	e.SetIndent("", "  ")
	_ = e.Encode(out)
}
