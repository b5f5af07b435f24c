package app

// #include <malloc.h>
import "C"

// trimCHeap hands glibc's free heap memory back to the OS.
func trimCHeap() { C.malloc_trim(0) }
