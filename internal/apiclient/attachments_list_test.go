package apiclient

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/digitalocean/godo"
)

// fakePages serves items in pages of per_page, with DigitalOcean-style links,
// and records the pages asked for.
type fakePages struct {
	items     []int
	requested []int
	failOn    int
	emptyOn   int // answer this page empty yet claim more follow
}

func (f *fakePages) fetch(_ context.Context, opt *godo.ListOptions) ([]int, *godo.Response, error) {
	f.requested = append(f.requested, opt.Page)
	if opt.PerPage != ListPageSize {
		return nil, nil, fmt.Errorf("per_page %d, want %d", opt.PerPage, ListPageSize)
	}
	if opt.Page == f.failOn {
		return nil, nil, errors.New("boom")
	}
	start := min((opt.Page-1)*opt.PerPage, len(f.items))
	end := min(start+opt.PerPage, len(f.items))
	resp := &godo.Response{Links: &godo.Links{}}
	if end < len(f.items) || opt.Page == f.emptyOn {
		resp.Links.Pages = &godo.Pages{Next: fmt.Sprintf("https://api.example/v2/x?page=%d", opt.Page+1)}
	}
	if opt.Page == f.emptyOn {
		return nil, resp, nil
	}
	return f.items[start:end], resp, nil
}

func seq(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

func TestListAll(t *testing.T) {
	cases := []struct {
		name      string
		pages     fakePages
		wantPages []int
		wantItems int
		wantErr   bool
	}{
		{"empty list", fakePages{}, []int{1}, 0, false},
		{"one page", fakePages{items: seq(200)}, []int{1}, 200, false},
		{"three pages", fakePages{items: seq(450)}, []int{1, 2, 3}, 450, false},
		{"error on a later page", fakePages{items: seq(450), failOn: 2}, []int{1, 2}, 0, true},
		{"empty page ends the walk", fakePages{items: seq(450), emptyOn: 2}, []int{1, 2}, 200, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ListAll(context.Background(), tc.pages.fetch)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v", err)
			}
			if !slices.Equal(tc.pages.requested, tc.wantPages) {
				t.Errorf("pages requested %v, want %v", tc.pages.requested, tc.wantPages)
			}
			if len(got) != tc.wantItems || (!tc.wantErr && tc.wantItems > 0 && !slices.Equal(got, tc.pages.items[:tc.wantItems])) {
				t.Errorf("got %d items, want %d in order", len(got), tc.wantItems)
			}
		})
	}
}
