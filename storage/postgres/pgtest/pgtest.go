// Package pgtest gives tests a real PostgreSQL: the server named by
// LINLI_TEST_POSTGRES (postgres://…, a role that may create databases), or
// a throwaway cluster that initdb makes in a temporary directory and a
// postgres process serves on a free port and a socket there, without
// fsync, until Stop. Each test gets a database of its own.
//
// When there is no server to be had, a test fails under CI=true and is
// skipped with the reason otherwise, so a laptop without PostgreSQL still
// runs the rest.
package pgtest

import (
	"context"
	"fmt"
	"linli/internal/testserver"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Server is one PostgreSQL server shared by a test binary's tests;
// TestMain starts it and stops it.
type Server struct {
	base string // URL of the maintenance database
	err  error  // why there is no server
	dir  string
	cmd  *exec.Cmd
	n    atomic.Int64
	mu   sync.Mutex
}

// Start returns the server of LINLI_TEST_POSTGRES, or starts a throwaway
// one. It does not fail: a server that cannot start reports why to each
// test that asks for a database.
func Start() *Server {
	if u := os.Getenv("LINLI_TEST_POSTGRES"); u != "" {
		return &Server{base: u}
	}
	s := &Server{}
	s.err = s.start()
	return s
}

// NewDatabase creates an empty database for t, dropped at t's cleanup, and
// returns its URL.
func (s *Server) NewDatabase(t testing.TB) string {
	t.Helper()
	if s.err != nil {
		unavailable(t, s.err.Error())
	}
	name := fmt.Sprintf("linli_test_%d_%d", os.Getpid(), s.n.Add(1))
	if err := s.admin(fmt.Sprintf(`CREATE DATABASE %s TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`, name)); err != nil {
		unavailable(t, err.Error())
	}
	t.Cleanup(func() {
		if err := s.admin(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`); err != nil {
			t.Logf("drop test database %s: %v", name, err)
		}
	})
	u, err := url.Parse(s.base)
	if err != nil {
		t.Fatalf("test postgres url: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}

// admin runs one statement on the maintenance database.
func (s *Server) admin(stmt string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, s.base)
	if err != nil {
		return fmt.Errorf("connect to test postgres: %w", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, stmt); err != nil {
		return fmt.Errorf("%s: %w", stmt, err)
	}
	return nil
}

func unavailable(t testing.TB, why string) {
	t.Helper()
	testserver.Unavailable(t, "PostgreSQL", why, "install Debian's postgresql, or set LINLI_TEST_POSTGRES=postgres://…")
}

// bin finds a PostgreSQL program on PATH or in Debian's versioned
// directories, newest first.
func bin(name string) (string, error) {
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		p := filepath.Join(d, name)
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("%s not found (install Debian's postgresql package)", name)
}

func version(dir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(dir)))
	return n
}

// start makes a cluster in a temporary directory and serves it. PostgreSQL
// refuses to run as root, so as root both run as the postgres user.
func (s *Server) start() error {
	initdb, err := bin("initdb")
	if err != nil {
		return err
	}
	postgres, err := bin("postgres")
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "linli-pg-")
	if err != nil {
		return fmt.Errorf("temp dir for postgres: %w", err)
	}
	s.dir = dir
	var cred *syscall.Credential
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			return fmt.Errorf("running as root and there is no postgres user to run the server: %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
		if err := os.Chown(dir, uid, gid); err != nil {
			return fmt.Errorf("hand %s to postgres: %w", dir, err)
		}
	}
	data := filepath.Join(dir, "data")
	cmd := exec.Command(initdb, "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "-N")
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("initdb: %w\n%s", err, out)
	}
	port, err := testserver.FreePort()
	if err != nil {
		return fmt.Errorf("no free port for postgres: %w", err)
	}
	cmd = exec.Command(postgres, "-D", data, "-p", strconv.Itoa(port), "-k", dir, "-F",
		"-c", "listen_addresses=127.0.0.1", "-c", "max_connections=300", "-c", "shared_buffers=64MB",
		"-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_pred_locks_per_transaction=256")
	// The server dies with the test binary even when the binary is killed.
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred, Pdeathsig: syscall.SIGQUIT}
	out, err := cmd.StderrPipe()
	if err != nil {
		return fmt.Errorf("start postgres: %w", err)
	}
	if err := testserver.StartReady(cmd, out, "ready to accept connections", 60*time.Second); err != nil {
		return fmt.Errorf("postgres on port %d: %w", port, err)
	}
	s.cmd = cmd
	s.base = (&url.URL{Scheme: "postgres", User: url.User("postgres"), Path: "/postgres",
		RawQuery: url.Values{"host": {dir}, "port": {strconv.Itoa(port)}}.Encode()}).String()
	return nil
}

// URL is the maintenance database's URL, for tools that make their own
// databases; empty when there is no server.
func (s *Server) URL() string { return s.base }

// Stop shuts a throwaway server down and removes its files. Stopping twice
// is fine.
func (s *Server) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd != nil {
		s.cmd.Process.Signal(syscall.SIGINT) // fast shutdown
		s.cmd.Wait()
		s.cmd = nil
	}
	if s.dir != "" {
		os.RemoveAll(s.dir)
		s.dir = ""
	}
}
