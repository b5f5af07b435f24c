package update_test

import (
	"context"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/update"
)

// quick is a checker with short limits, and the time one check may take.
func quick(s *feedServer, t *testing.T, k testKey) (*update.Checker, time.Duration) {
	c := s.checker(t, k, "1.3.2")
	c.Limits.Timeout = 500 * time.Millisecond
	c.Client = update.NewClient(s.roots(), c.Limits.Timeout)
	return c, 2*2*c.Limits.Timeout + time.Second // two requests, with slack for a busy machine
}

// A server that accepts and never answers: the check gives up within
// its bounded time, as "cannot reach", and the server is released.
func TestHungServerGivesUp(t *testing.T) {
	s, k := newFeedServer(t), newKey(t)
	release := make(chan struct{})
	defer close(release)
	s.on("/feed.json", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	c, bound := quick(s, t, k)
	start := time.Now()
	_, err := c.Check(context.Background())
	if took := time.Since(start); took > bound {
		t.Errorf("took %v, bound %v", took, bound)
	}
	refusal(t, err, update.ErrUnreachable, map[i18n.Lang]string{i18n.EN: "Could not reach"})
}

// A server that starts an answer and then trickles forever is cut off
// by the same bound.
func TestTricklingServerGivesUp(t *testing.T) {
	s, k := newFeedServer(t), newKey(t)
	s.on("/feed.json", func(w http.ResponseWriter, r *http.Request) {
		for r.Context().Err() == nil {
			w.Write([]byte(" "))
			w.(http.Flusher).Flush()
			time.Sleep(50 * time.Millisecond)
		}
	})
	c, bound := quick(s, t, k)
	start := time.Now()
	_, err := c.Check(context.Background())
	if took := time.Since(start); took > bound {
		t.Errorf("took %v, bound %v", took, bound)
	}
	refusal(t, err, update.ErrUnreachable, map[i18n.Lang]string{i18n.EN: "Could not reach"})
}

// zeros is an endless 10 GB body, written as fast as the client reads.
func zeros(size int64, announce bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if announce {
			w.Header().Set("Content-Length", "10737418240")
		}
		buf := make([]byte, 64<<10)
		for n := int64(0); n < size && r.Context().Err() == nil; n += int64(len(buf)) {
			if _, err := w.Write(buf); err != nil {
				return
			}
		}
	}
}

// A 10 GB answer, announced or not, is not read past the feed's limit.
func TestHugeAnswerIsNotRead(t *testing.T) {
	for _, announce := range []bool{true, false} {
		s, k := newFeedServer(t), newKey(t)
		s.on("/feed.json", zeros(10<<30, announce))
		c, bound := quick(s, t, k)
		start := time.Now()
		_, err := c.Check(context.Background())
		if took := time.Since(start); took > bound {
			t.Errorf("announce=%v: took %v, bound %v", announce, took, bound)
		}
		refusal(t, err, update.ErrTooLarge, map[i18n.Lang]string{i18n.EN: "more data than", i18n.JA: "超える"})
	}
}

// No network: nothing listens on the address. The answer is immediate
// and quiet.
func TestNoServer(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	c := &update.Checker{FeedURL: "https://" + addr + "/feed.json", Keys: []string{newKey(t).line(t)}, Current: "1.3.2",
		Limits: update.Limits{Timeout: time.Second, MaxFeed: 1 << 10, MaxSig: 1 << 10, Download: time.Second}}
	_, err = c.Check(context.Background())
	refusal(t, err, update.ErrUnreachable, map[i18n.Lang]string{i18n.EN: "Could not reach", i18n.JA: "コードは引き続き使えます"})
	if strings.Contains(i18n.Localize(err, i18n.EN), "panic") {
		t.Error(err)
	}
}
