// Package redistest gives tests a real Redis: the one named by
// LINLI_TEST_REDIS or REDIS_URL, or a private redis-server started on a
// free port for the test and stopped at its cleanup. When there is neither,
// the test fails under CI=true and is skipped with a clear message
// otherwise, so a laptop without Redis still runs the rest.
package redistest

import (
	"fmt"
	"linli/internal/testserver"
	"net"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"testing"
	"time"
)

// Start returns the URL of a Redis for t.
func Start(t testing.TB) string {
	t.Helper()
	for _, env := range []string{"LINLI_TEST_REDIS", "REDIS_URL"} {
		if u := os.Getenv(env); u != "" {
			return u
		}
	}
	return StartServer(t).URL()
}

// Server is a redis-server process owned by one test. Tests that need to
// take Redis away (and bring it back) use it directly.
type Server struct {
	t    testing.TB
	port int
	dir  string

	mu  sync.Mutex
	cmd *exec.Cmd
}

// StartServer starts a private redis-server for t, whatever the
// environment says; it is stopped at cleanup.
func StartServer(t testing.TB) *Server {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		unavailable(t, "redis-server is not installed (install it, or set LINLI_TEST_REDIS=redis://host:port)")
	}
	port, err := testserver.FreePort()
	if err != nil {
		unavailable(t, "no free port for redis-server: "+err.Error())
	}
	s := &Server{t: t, port: port, dir: t.TempDir()}
	if err := s.start(bin); err != nil {
		unavailable(t, err.Error())
	}
	t.Cleanup(s.Stop)
	return s
}

func unavailable(t testing.TB, why string) {
	t.Helper()
	testserver.Unavailable(t, "Redis", why, "")
}

// URL is the server's redis:// URL.
func (s *Server) URL() string { return "redis://" + s.Addr() }

// Addr is host:port.
func (s *Server) Addr() string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(s.port)) }

func (s *Server) start(bin string) error {
	cmd := exec.Command(bin,
		"--port", strconv.Itoa(s.port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--dir", s.dir, "--loglevel", "notice")
	out, err := cmd.StdoutPipe()
	if err != nil {
		return fmt.Errorf("start redis-server: %w", err)
	}
	cmd.Stderr = cmd.Stdout
	if err := testserver.StartReady(cmd, out, "Ready to accept connections", 10*time.Second); err != nil {
		return fmt.Errorf("redis-server on port %d: %w", s.port, err)
	}
	s.mu.Lock()
	s.cmd = cmd
	s.mu.Unlock()
	return nil
}

// Stop kills the server, as if Redis went away. Stopping twice is fine.
func (s *Server) Stop() {
	s.mu.Lock()
	cmd := s.cmd
	s.cmd = nil
	s.mu.Unlock()
	if cmd == nil {
		return
	}
	cmd.Process.Kill()
	cmd.Wait()
}

// Restart starts the server again on the same port, empty.
func (s *Server) Restart() {
	s.t.Helper()
	s.Stop()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		s.t.Fatalf("restart redis-server: %v", err)
	}
	if err := s.start(bin); err != nil {
		s.t.Fatalf("restart redis-server: %v", err)
	}
}
