package fakeapi

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// NewTestServer starts the emulator on a random loopback port for the
// duration of the test.
func NewTestServer(t testing.TB, opts Options) *Server {
	t.Helper()
	s := New(opts)
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	s.setURL(ts.URL)
	return s
}

// URL returns the base URL (scheme and host) the server listens on, once
// started by NewTestServer or ListenAndServe.
func (s *Server) URL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.url
}

func (s *Server) setURL(u string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.url = u
}

// ListenAndServe serves the emulator on addr, which must be a loopback
// address (the emulator accepts a fixed token and must not be reachable from
// elsewhere). It returns the base URL and a function that shuts the server
// down gracefully.
func (s *Server) ListenAndServe(addr string) (url string, stop func(), err error) {
	if err := CheckLoopback(addr); err != nil {
		return "", nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = srv.Serve(ln) // returns ErrServerClosed after Shutdown
	}()
	url = "http://" + ln.Addr().String()
	s.setURL(url)
	stop = func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
		<-done
	}
	return url, stop, nil
}

// CheckLoopback returns an error unless addr (host:port) names a loopback
// host: "localhost" or a loopback IP. An empty host means every interface
// and is refused.
func CheckLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("invalid address %q: %w", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return errors.New("refusing to listen on non-loopback address " + addr + "; use 127.0.0.1 or [::1]")
}
