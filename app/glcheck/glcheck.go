// Package glcheck finds out, before Fyne starts, whether the PC can give
// Fyne the OpenGL 2.1 it needs, and shows a native message box when it
// cannot. Without it, a PC without OpenGL 2.1 (a Remote Desktop session,
// an old VM: Windows then offers only its "GDI Generic" OpenGL 1.1) logs
// an error no customer sees, and no window ever appears.
package glcheck

import (
	"fmt"
	"strconv"
	"strings"
)

// Need is the OpenGL version Fyne's GLFW driver asks for.
const NeedMajor, NeedMinor = 2, 1

// Error says what the check found.
type Error struct {
	Version  string // GL_VERSION, may be empty
	Renderer string // GL_RENDERER, may be empty
	Step     string // what failed, when no context could be made
}

func (e *Error) Error() string {
	if e.Step != "" {
		return fmt.Sprintf("OpenGL: %s failed", e.Step)
	}
	return fmt.Sprintf("OpenGL %s (%s) is older than %d.%d", e.Version, e.Renderer, NeedMajor, NeedMinor)
}

// Enough reports whether a GL_VERSION string ("1.1.0", "4.6.0 NVIDIA
// 535.1", "2.1 Mesa 23.0") is at least 2.1.
func Enough(version string) bool {
	major, minor, ok := parse(version)
	return ok && (major > NeedMajor || major == NeedMajor && minor >= NeedMinor)
}

func parse(v string) (major, minor int, ok bool) {
	v = strings.TrimSpace(v)
	if i := strings.IndexAny(v, " -"); i >= 0 {
		v = v[:i]
	}
	parts := strings.Split(v, ".")
	if len(parts) < 2 {
		return 0, 0, false
	}
	var err1, err2 error
	major, err1 = strconv.Atoi(parts[0])
	minor, err2 = strconv.Atoi(parts[1])
	return major, minor, err1 == nil && err2 == nil
}
