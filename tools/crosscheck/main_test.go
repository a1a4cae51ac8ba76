package main

import (
	"strings"
	"testing"
)

// The fixture module builds on unix but not on windows; darwin/amd64 is
// ignored by its configuration.
func TestRun(t *testing.T) {
	var out strings.Builder
	err := run([]string{"-dir", "testdata/mod"}, &out)
	if err == nil || !strings.Contains(err.Error(), "2 platform(s) do not type-check") {
		t.Errorf("run: %v, want two platforms failing", err)
	}
	got := out.String()
	for _, want := range []string{
		"linux/amd64: . and the ", "linux/arm64: . and the ", "darwin/arm64: . and the ",
		"windows/amd64: 1 error(s) in .", "windows/arm64: 1 error(s) in .", "greeting_windows.go:4:",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "darwin/amd64") {
		t.Errorf("an ignored platform was checked:\n%s", got)
	}
}

func TestPlatforms(t *testing.T) {
	got, err := build{Targets: []string{"linux_amd64_v1", "darwin_arm64_v8.0", "linux_amd64_v3"}}.platforms()
	if err != nil || strings.Join(got, " ") != "linux/amd64 darwin/arm64" {
		t.Errorf("targets: %q, %v", got, err)
	}
	if _, err := (build{Goos: []string{"linux"}}).platforms(); err == nil {
		t.Error("a build without goarch must be an error")
	}
}
