package app

// #include <malloc.h>
import "C"

// releaseHidden is release, plus the C heap's free memory: Mesa's and
// GLFW's allocations freed while the window was shown stay with glibc's
// malloc until it is trimmed.
func releaseHidden() {
	release()
	C.malloc_trim(0)
}
