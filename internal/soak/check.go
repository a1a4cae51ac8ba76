package soak

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// check compares the emulator with the state file after a run. Orphans (in
// the emulator, not in state) and duplicates (two attachments of one name)
// must never happen, not even after a failed run. A state entry pointing at
// nothing may follow a failed run (an attachment deleted while the wait for
// it failed) and is dropped by the next refresh, so it counts only once a
// phase has converged.
func (s *soak) check(converged bool) error {
	inState, err := s.stateIDs()
	if err != nil {
		return err
	}
	names := map[string]int{}
	live := map[string]bool{}
	for _, a := range s.api.Attachments() {
		live[a.ID] = true
		if names[a.Name]++; names[a.Name] == 2 {
			s.report.Duplicates++
			fmt.Fprintf(s.cfg.Progress, "  DUPLICATE: two attachments named %s\n", a.Name)
		}
		if !inState[a.ID] {
			s.report.Orphans++
			fmt.Fprintf(s.cfg.Progress, "  ORPHAN: %s (%s, %s) is not in state\n", a.ID, a.Name, a.State)
		}
	}
	if converged {
		for id := range inState {
			if !live[id] {
				s.report.Dangling++
				fmt.Fprintf(s.cfg.Progress, "  DANGLING: state holds %s, which does not exist\n", id)
			}
		}
	}
	return nil
}

// stateIDs reads the attachment ids in the workspace's state file directly:
// the check itself must not depend on the faulty API.
func (s *soak) stateIDs() (map[string]bool, error) {
	raw, err := os.ReadFile(filepath.Join(s.ws.Dir(), "terraform.tfstate"))
	if errors.Is(err, fs.ErrNotExist) {
		return map[string]bool{}, nil
	}
	if err != nil {
		return nil, err
	}
	var st struct {
		Resources []struct {
			Type      string `json:"type"`
			Instances []struct {
				Attributes struct {
					ID string `json:"id"`
				} `json:"attributes"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(raw, &st); err != nil {
		return nil, fmt.Errorf("reading state: %w", err)
	}
	ids := map[string]bool{}
	for _, r := range st.Resources {
		if r.Type != "do_partner_attachment" {
			continue
		}
		for _, in := range r.Instances {
			ids[in.Attributes.ID] = true
		}
	}
	return ids, nil
}

// summary picks the diagnostic out of a failed command's error: the
// "Error: ..." line and the line of detail after it.
func summary(err error) string {
	lines := strings.Split(err.Error(), "\n")
	for i, l := range lines {
		if !strings.HasPrefix(strings.TrimSpace(l), "Error: ") {
			continue
		}
		out := strings.TrimSpace(l)
		for _, next := range lines[i+1:] {
			if next = strings.TrimSpace(next); next != "" && !strings.HasPrefix(next, "with ") && !strings.HasPrefix(next, "on ") && !strings.Contains(next, ": resource ") {
				return out + " / " + next
			}
		}
		return out
	}
	return strings.TrimSpace(lines[0])
}
