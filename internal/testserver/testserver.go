// Package testserver starts the real servers tests need (PostgreSQL,
// redis-server) as child processes, and says what a test does when one
// cannot be had: fail under CI, skip elsewhere.
package testserver

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"
)

// Unavailable ends a test that needs what cannot be had: it fails under
// CI=true, where everything must run, and skips elsewhere with why and
// hint (how to get it).
func Unavailable(t testing.TB, what, why, hint string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s needed under CI: %s", what, why)
	}
	if hint != "" {
		why += " (" + hint + ")"
	}
	t.Skipf("skipping: no %s for this test: %s", what, why)
}

// FreePort is a TCP port on 127.0.0.1 free a moment ago.
func FreePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// StartReady starts cmd, whose log is out, and waits until a line of
// the log contains ready. When that takes longer than wait the server
// is killed, and the error carries the start of its log. The log is read
// to its end, so the server never blocks on a full pipe.
func StartReady(cmd *exec.Cmd, out io.Reader, ready string, wait time.Duration) error {
	name := cmd.Args[0]
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start %s: %w", name, err)
	}
	up := make(chan struct{})
	var (
		logMu sync.Mutex
		log   strings.Builder
	)
	go func() {
		sc := bufio.NewScanner(out)
		var once sync.Once
		for sc.Scan() {
			logMu.Lock()
			if log.Len() < 8192 {
				log.WriteString(sc.Text() + "\n")
			}
			logMu.Unlock()
			if strings.Contains(sc.Text(), ready) {
				once.Do(func() { close(up) })
			}
		}
	}()
	select {
	case <-up:
		return nil
	case <-time.After(wait):
		cmd.Process.Kill()
		cmd.Wait()
		logMu.Lock()
		defer logMu.Unlock()
		return fmt.Errorf("%s did not become ready in %v:\n%s", name, wait, log.String())
	}
}
