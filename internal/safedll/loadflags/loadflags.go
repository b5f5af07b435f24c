// Package loadflags reads and sets DependentLoadFlags in a 64-bit PE
// file's load configuration directory: the search flags Windows 10 1607+
// uses for the module's static imports. GNU ld 2.40 has no option for it
// and leaves the directory empty, so the Windows build links the structure
// in (internal/safedll, behind Marker) and Set points the directory at it.
package loadflags

import (
	"bytes"
	"debug/pe"
	"encoding/binary"
	"errors"
	"fmt"
)

const (
	// SearchSystem32 is LOAD_LIBRARY_SEARCH_SYSTEM32.
	SearchSystem32 = 0x800
	dirLoadConfig  = 10 // IMAGE_DIRECTORY_ENTRY_LOAD_CONFIG
	flagsOffset    = 0x4E
	// minSize covers the structure up to DependentLoadFlags.
	minSize = flagsOffset + 2
	// dataDirOffset is where DataDirectory starts in a PE32+ optional header.
	dataDirOffset  = 112
	checksumOffset = 64
)

// Marker precedes the load configuration internal/safedll links in.
var Marker = []byte("OMAMORI-LOADCFG\x00")

// ErrNoLoadConfig: the file has no load configuration directory.
var ErrNoLoadConfig = errors.New("no load configuration directory")

type image struct {
	b        []byte
	f        *pe.File
	oh       *pe.OptionalHeader64
	optStart int // file offset of the optional header
}

func parse(b []byte) (*image, error) {
	f, err := pe.NewFile(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	oh, ok := f.OptionalHeader.(*pe.OptionalHeader64)
	if !ok {
		return nil, errors.New("not a 64-bit PE file")
	}
	if oh.NumberOfRvaAndSizes <= dirLoadConfig {
		return nil, errors.New("the optional header has no load configuration entry")
	}
	lfanew := int(binary.LittleEndian.Uint32(b[0x3c:]))
	return &image{b: b, f: f, oh: oh, optStart: lfanew + 4 + 20}, nil
}

// offset maps an RVA to a file offset with n bytes of file data behind it.
func (im *image) offset(rva uint32, n uint32) (int, error) {
	for _, s := range im.f.Sections {
		if rva >= s.VirtualAddress && rva+n <= s.VirtualAddress+s.Size {
			return int(s.Offset + rva - s.VirtualAddress), nil
		}
	}
	return 0, fmt.Errorf("RVA %#x (%d bytes) is in no section's file data", rva, n)
}

// rva maps a file offset back to an RVA.
func (im *image) rva(off int) (uint32, error) {
	for _, s := range im.f.Sections {
		if off >= int(s.Offset) && off < int(s.Offset+s.Size) {
			return s.VirtualAddress + uint32(off) - s.Offset, nil
		}
	}
	return 0, fmt.Errorf("file offset %#x is in no section", off)
}

// configOffset is the file offset of the load configuration, checked to
// reach DependentLoadFlags.
func (im *image) configOffset() (int, error) {
	d := im.oh.DataDirectory[dirLoadConfig]
	if d.VirtualAddress == 0 {
		return 0, ErrNoLoadConfig
	}
	off, err := im.offset(d.VirtualAddress, minSize)
	if err != nil {
		return 0, err
	}
	if size := binary.LittleEndian.Uint32(im.b[off:]); size < minSize {
		return 0, fmt.Errorf("load configuration of %d bytes ends before DependentLoadFlags", size)
	}
	return off, nil
}

// Flags returns the file's DependentLoadFlags (ErrNoLoadConfig if it has no
// load configuration, in which case Windows uses the default search order).
func Flags(b []byte) (uint16, error) {
	im, err := parse(b)
	if err != nil {
		return 0, err
	}
	off, err := im.configOffset()
	if err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint16(b[off+flagsOffset:]), nil
}

// Set writes flags into b's load configuration. If the linker left the
// directory empty it points it at the one structure behind Marker.
func Set(b []byte, flags uint16) error {
	im, err := parse(b)
	if err != nil {
		return err
	}
	if im.oh.DataDirectory[dirLoadConfig].VirtualAddress == 0 {
		if err := im.linkMarked(); err != nil {
			return err
		}
	}
	off, err := im.configOffset()
	if err != nil {
		return err
	}
	binary.LittleEndian.PutUint16(b[off+flagsOffset:], flags)
	im.fixChecksum()
	return nil
}

// linkMarked fills the load configuration's data directory entry.
func (im *image) linkMarked() error {
	i := bytes.Index(im.b, Marker)
	if i < 0 {
		return fmt.Errorf("%w, and no structure behind the marker %q (is internal/safedll linked in?)", ErrNoLoadConfig, Marker[:len(Marker)-1])
	}
	if bytes.LastIndex(im.b, Marker) != i {
		return errors.New("the load configuration marker is in the file more than once")
	}
	off := i + len(Marker)
	rva, err := im.rva(off)
	if err != nil {
		return err
	}
	size := binary.LittleEndian.Uint32(im.b[off:])
	if size < minSize {
		return fmt.Errorf("the marked load configuration is %d bytes, too small", size)
	}
	if _, err := im.offset(rva, size); err != nil {
		return err
	}
	e := im.optStart + dataDirOffset + dirLoadConfig*8
	binary.LittleEndian.PutUint32(im.b[e:], rva)
	binary.LittleEndian.PutUint32(im.b[e+4:], size)
	im.oh.DataDirectory[dirLoadConfig] = pe.DataDirectory{VirtualAddress: rva, Size: size}
	return nil
}

// fixChecksum recomputes the optional header's CheckSum when the linker
// wrote one (0 means none; Windows checks it for drivers only).
func (im *image) fixChecksum() {
	at := im.optStart + checksumOffset
	if binary.LittleEndian.Uint32(im.b[at:]) == 0 {
		return
	}
	binary.LittleEndian.PutUint32(im.b[at:], Checksum(im.b))
}

// Checksum is the PE image checksum (the CheckSum field counted as 0).
func Checksum(b []byte) uint32 {
	lfanew := int(binary.LittleEndian.Uint32(b[0x3c:]))
	at := lfanew + 4 + 20 + checksumOffset
	var sum uint64
	for i := 0; i < len(b); i += 2 {
		if i == at || i == at+2 {
			continue
		}
		var w uint64
		if i+1 < len(b) {
			w = uint64(binary.LittleEndian.Uint16(b[i:]))
		} else {
			w = uint64(b[i])
		}
		sum += w
		sum = (sum & 0xffff) + (sum >> 16)
	}
	sum = (sum & 0xffff) + (sum >> 16)
	return uint32(sum) + uint32(len(b))
}
