//go:build linux

package timesynctest

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/beevik/ntp"

	"github.com/omamori-app/omamori/internal/testenv"
)

// StartChrony runs a real chronyd serving NTP on ip (a loopback address)
// at a free port, as a local stratum-1 server whose clock is shifted by
// faketimeSpec (libfaketime's -f syntax, e.g. "+72s" or "-9h"). chronyd
// runs with -x, so it never touches the system clock, and -t 600, so it
// exits after ten minutes even if the test process dies; it serves
// loopback clients only. It returns "ip:port" once chronyd
// answers, and stops it when the test ends.
//
// A chronyd that exits or has not answered in 20 s is stopped and started
// once more on another port, its log kept in the test's output: once in
// CI it exited at start (the log that said why was cut off; a port taken
// between freeUDPPort and chronyd's bind would do it).
func StartChrony(t testing.TB, ip, faketimeSpec string) string {
	t.Helper()
	chronyd := "/usr/sbin/chronyd"
	if _, err := os.Stat(chronyd); err != nil {
		chronyd = testenv.Tool(t, "chronyd", "chrony")
	}
	faketime := testenv.Tool(t, "faketime", "faketime")
	addr, err := startChrony(t, faketime, chronyd, ip, faketimeSpec)
	if err != nil {
		t.Logf("first chronyd, stopped: %v", err)
		addr, err = startChrony(t, faketime, chronyd, ip, faketimeSpec)
	}
	if err != nil {
		t.Fatal(err)
	}
	return addr
}

// answerWithin is how long a started chronyd has to answer (a variable
// for the rig's own test).
var answerWithin = 20 * time.Second

// startChrony starts one chronyd and waits for it to answer; one that
// does not is stopped before the error returns.
func startChrony(t testing.TB, faketime, chronyd, ip, faketimeSpec string) (string, error) {
	dir := t.TempDir()
	port := freeUDPPort(t, ip)
	conf := fmt.Sprintf(`port %d
bindaddress %s
local stratum 1
allow 127.0.0.0/8
cmdport 0
driftfile %s
pidfile %s
`, port, ip, filepath.Join(dir, "drift"), filepath.Join(dir, "chronyd.pid"))
	confPath := filepath.Join(dir, "chrony.conf")
	if err := os.WriteFile(confPath, []byte(conf), 0o600); err != nil {
		return "", err
	}
	args := []string{"-f", faketimeSpec, chronyd, "-f", confPath, "-d", "-x", "-t", "600"}
	if os.Geteuid() == 0 {
		args = append(args, "-u", "root") // stay root: the temp dir is root's
	} else {
		args = append(args, "-U")
	}
	cmd := exec.Command(faketime, args...)
	var log syncBuffer
	cmd.Stdout, cmd.Stderr = &log, &log
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	// Wait also waits for our log pipe to close; anything that inherited
	// it must not hold the test past the process's exit.
	cmd.WaitDelay = 2 * time.Second
	if err := cmd.Start(); err != nil {
		return "", fmt.Errorf("start chronyd: %w", err)
	}
	var waitErr error
	exited := make(chan struct{}) // closed once Wait has returned waitErr
	go func() { waitErr = cmd.Wait(); close(exited) }()
	stopOnce := sync.OnceFunc(func() { stop(t, cmd.Process.Pid, exited) })
	t.Cleanup(stopOnce)

	addr := net.JoinHostPort(ip, fmt.Sprint(port))
	deadline := time.After(answerWithin)
	for {
		r, err := ntp.QueryWithOptions(addr, ntp.QueryOptions{Timeout: 300 * time.Millisecond})
		if err == nil && r.Validate() == nil {
			return addr, nil
		}
		select {
		case <-exited:
			return "", fmt.Errorf("chronyd exited: %v\n%s", waitErr, log.String())
		case <-deadline:
			procs := group(cmd.Process.Pid)
			stopOnce()
			return "", fmt.Errorf("chronyd on %s does not answer (last: %v)\n%s\nits processes:\n%s", addr, err, log.String(), procs)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// stop ends chronyd's process group: SIGTERM, then SIGKILL. Each wait is
// bounded, so a process that will not go fails this test with what was
// left instead of holding the package until go test's own timeout.
func stop(t testing.TB, pid int, exited <-chan struct{}) {
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGKILL} {
		syscall.Kill(-pid, sig) //nolint:errcheck
		select {
		case <-exited:
			return
		case <-time.After(5 * time.Second):
		}
	}
	t.Errorf("chronyd (process group %d) still there 10 s after SIGTERM and SIGKILL:\n%s", pid, group(pid))
}

// group lists the processes of process group pgid, with their state.
func group(pgid int) string {
	out, _ := exec.Command("ps", "-eo", "pgid=,pid=,stat=,wchan:20=,args=").Output()
	var b strings.Builder
	for _, line := range strings.Split(string(out), "\n") {
		if f := strings.Fields(line); len(f) > 0 && f[0] == fmt.Sprint(pgid) {
			b.WriteString(line + "\n")
		}
	}
	return b.String()
}

// freeUDPPort finds a UDP port nobody uses on ip right now.
func freeUDPPort(t testing.TB, ip string) int {
	t.Helper()
	c, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.ParseIP(ip)})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	return c.LocalAddr().(*net.UDPAddr).Port
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
