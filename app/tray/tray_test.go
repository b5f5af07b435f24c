package tray

import (
	"testing"

	"github.com/omamori-app/omamori/internal/i18n"
)

func TestMenu(t *testing.T) {
	var copied, shown, quit int
	m := Menu(i18n.JA, []Account{{Name: "三菱 太郎", Copy: func() { copied++ }}}, func() { shown++ }, func() { quit++ })
	var labels []string
	for _, it := range m.Items {
		labels = append(labels, it.Label)
		if it.Action != nil {
			it.Action()
		}
	}
	if copied != 1 || shown != 1 || quit != 1 {
		t.Errorf("actions: copy %d show %d quit %d", copied, shown, quit)
	}
	last := m.Items[len(m.Items)-1]
	if !last.IsQuit || last.Label != "終了" {
		t.Errorf("last item %q IsQuit=%v", last.Label, last.IsQuit)
	}
	if labels[0] != "ウィンドウを表示" || labels[2] != "「三菱 太郎」のワンタイムパスワードをコピー" {
		t.Errorf("labels %q", labels)
	}
}
