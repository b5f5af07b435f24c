package glcheck

import "testing"

func TestEnough(t *testing.T) {
	for v, want := range map[string]bool{
		"1.1.0":                       false, // Windows GDI Generic (RDP, VMs)
		"2.0 Mesa":                    false,
		"2.1 Mesa 23.0.4":             true,
		"4.6.0 NVIDIA 535.154":        true,
		"3.3.0 - Build 31.0.101.2111": true,
		"":                            false,
		"garbage":                     false,
	} {
		if got := Enough(v); got != want {
			t.Errorf("Enough(%q) = %v, want %v", v, got, want)
		}
	}
}
