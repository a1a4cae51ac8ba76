package fakeapi

import (
	"net/http"
	"strings"
	"testing"
)

func TestCheckLoopback(t *testing.T) {
	tests := []struct {
		addr string
		ok   bool
	}{
		{"127.0.0.1:0", true},
		{"127.1.2.3:8080", true},
		{"[::1]:0", true},
		{"localhost:9000", true},
		{":8080", false},
		{"0.0.0.0:8080", false},
		{"[::]:0", false},
		{"10.0.0.5:80", false},
		{"example.com:80", false},
		{"127.0.0.1", false},
	}
	for _, tt := range tests {
		if err := CheckLoopback(tt.addr); (err == nil) != tt.ok {
			t.Errorf("CheckLoopback(%q) = %v, want ok=%v", tt.addr, err, tt.ok)
		}
	}
}

func TestListenAndServe(t *testing.T) {
	srv := New(Options{Token: "t"})
	if _, _, err := srv.ListenAndServe("0.0.0.0:0"); err == nil {
		t.Fatal("listened on every interface")
	}
	url, stop, err := srv.ListenAndServe("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(url, "http://127.0.0.1:") || srv.URL() != url {
		t.Errorf("url = %q, URL() = %q", url, srv.URL())
	}
	client := &http.Client{Transport: bearer{token: "t", base: &http.Transport{}}}
	resp, err := client.Get(url + collection)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET = %v, %v", resp, err)
	}
	resp.Body.Close()
	stop()
	if _, err := client.Get(url + collection); err == nil {
		t.Error("server still answering after stop")
	}
}

func TestDefaultToken(t *testing.T) {
	if got := New(Options{}).Token(); got != DefaultToken || DefaultToken != "emulator-token" {
		t.Errorf("token = %q", got)
	}
}
