// Command gui opens the window alone, for the smoke test while
// cmd/omamori does not call app.Run yet.
package main

import (
	"os"

	"github.com/omamori-app/omamori/app"
)

func main() { os.Exit(app.Run(app.Options{})) }
