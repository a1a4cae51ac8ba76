package bench

import (
	"fmt"
	"sort"
	"strings"

	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
)

// attachmentsPath is the API collection every scenario talks to.
const attachmentsPath = "/v2/partner_network_connect/attachments"

// Counts maps an endpoint label (see endpoint) to a number of requests.
type Counts map[string]int

// Total sums every endpoint.
func (c Counts) Total() int {
	n := 0
	for _, v := range c {
		n += v
	}
	return n
}

// Add merges o into c.
func (c Counts) Add(o Counts) {
	for k, v := range o {
		c[k] += v
	}
}

// String lists the counts by endpoint, e.g. "GET /attachments 1, GET
// /attachments/{id} 1".
func (c Counts) String() string {
	parts := make([]string, 0, len(c))
	for _, k := range sortedKeys(c) {
		parts = append(parts, fmt.Sprintf("%s %d", k, c[k]))
	}
	return strings.Join(parts, ", ")
}

// endpoint labels a request by method and route, with the attachment id
// replaced by {id}, e.g. "GET /attachments/{id}".
func endpoint(method, path string) string {
	rest, ok := strings.CutPrefix(path, attachmentsPath)
	if !ok {
		return method + " " + path
	}
	rest = strings.Trim(rest, "/")
	route := "/attachments"
	if rest != "" {
		parts := strings.SplitN(rest, "/", 2)
		route += "/{id}"
		if len(parts) == 2 {
			route += "/" + parts[1]
		}
	}
	return method + " " + route
}

// traffic is what the emulator's journal says about one measured step.
type traffic struct {
	ByEndpoint Counts
	// Throttled counts the requests answered 429 (they are in ByEndpoint too).
	Throttled int
}

func summarize(entries []fakeapi.Entry) traffic {
	t := traffic{ByEndpoint: Counts{}}
	for _, e := range entries {
		t.ByEndpoint[endpoint(e.Method, e.Path)]++
		if e.Status == 429 {
			t.Throttled++
		}
	}
	return t
}

// sortedKeys returns the endpoints of all counts in a stable order: by path,
// then method, so a table's rows line up across runs and scenarios.
func sortedKeys(all ...Counts) []string {
	seen := map[string]bool{}
	var keys []string
	for _, c := range all {
		for k := range c {
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		mi, pi, _ := strings.Cut(keys[i], " ")
		mj, pj, _ := strings.Cut(keys[j], " ")
		if pi != pj {
			return pi < pj
		}
		return mi < mj
	})
	return keys
}
