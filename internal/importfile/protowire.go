package importfile

// A protobuf reader just big enough for MigrationPayload: varints and
// length-delimited fields, anything else skipped or refused. It is written
// here rather than pulling in the protobuf module for two small messages.

// eachField calls fn for every field of message b: a varint field gets v,
// a length-delimited one data (non-nil). It stops at the first error or
// when fn returns false, and says whether the whole message was read.
func eachField(b []byte, fn func(num int, v uint64, data []byte) bool) bool {
	for len(b) > 0 {
		tag, n := varint(b)
		if n <= 0 {
			return false
		}
		b = b[n:]
		num, wire := int(tag>>3), tag&7
		if num <= 0 || tag>>3 > 1<<29 {
			return false
		}
		switch wire {
		case 0: // varint
			v, n := varint(b)
			if n <= 0 {
				return false
			}
			b = b[n:]
			if !fn(num, v, nil) {
				return false
			}
		case 2: // length-delimited
			l, n := varint(b)
			if n <= 0 || l > uint64(len(b)-n) {
				return false
			}
			data := b[n : n+int(l) : n+int(l)]
			b = b[n+int(l):]
			if data == nil {
				data = []byte{}
			}
			if !fn(num, 0, data) {
				return false
			}
		case 1: // 64-bit
			if len(b) < 8 {
				return false
			}
			b = b[8:]
		case 5: // 32-bit
			if len(b) < 4 {
				return false
			}
			b = b[4:]
		default:
			return false
		}
	}
	return true
}

// varint decodes a base-128 varint; n is 0 when b ends early and -1 when
// the value overflows 64 bits.
func varint(b []byte) (v uint64, n int) {
	for i := 0; i < len(b) && i < 10; i++ {
		c := b[i]
		if i == 9 && c > 1 {
			return 0, -1
		}
		v |= uint64(c&0x7f) << (7 * i)
		if c < 0x80 {
			return v, i + 1
		}
	}
	if len(b) >= 10 {
		return 0, -1
	}
	return 0, 0
}
