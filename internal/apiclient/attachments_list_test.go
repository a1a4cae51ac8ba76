package apiclient

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
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

func TestListPage(t *testing.T) {
	s := newScriptServer(t)
	a := newScriptClient(t, s, 0)
	s.script(okReply(`{"links": {}, "meta": {"total": 7}, "partner_attachments": [
		{"id": "a1", "name": "one", "state": "active"},
		{"id": "gone", "name": "deleted", "state": "DELETED"},
		null,
		{},
		{"id": "", "name": "no id"},
		{"id": "gone2", "state": " deleted "},
		{"id": "a2", "name": "two", "state": "PROVISIONING"}
	]}`))
	got, resp, err := a.ListPage(context.Background(), &godo.ListOptions{Page: 1, PerPage: ListPageSize})
	if err != nil {
		t.Fatal(err)
	}
	if resp == nil || resp.Meta == nil || resp.Meta.Total != 7 {
		t.Errorf("response %+v", resp)
	}
	if len(got) != 2 || got[0].ID != "a1" || got[0].State != StateActive || got[1].ID != "a2" || got[1].State != "PROVISIONING" {
		for _, g := range got {
			t.Logf("%+v", g)
		}
		t.Fatalf("want a1 (ACTIVE) and a2 (PROVISIONING), got %d entries", len(got))
	}

	s.script(okReply(specList))
	got, _, err = a.ListPage(context.Background(), nil)
	if err != nil || len(got) != 2 {
		t.Fatalf("spec example: %d, %v", len(got), err)
	}

	s.script(okReply(`{"partner_attachments": []}`))
	if got, _, err = a.ListPage(context.Background(), nil); err != nil || len(got) != 0 {
		t.Fatalf("an empty list is a list: %v, %v", got, err)
	}
}

func TestListPageMalformed(t *testing.T) {
	s := newScriptServer(t)
	a := newScriptClient(t, s, 0)
	for name, body := range map[string]string{
		"a single attachment":      specAttachment,
		"an empty object":          `{}`,
		"null":                     `null`,
		"a null list":              `{"partner_attachments": null}`,
		"an object for the list":   `{"partner_attachments": {}}`,
		"a string for the list":    `{"partner_attachments": "none"}`,
		"an array at the top":      `[]`,
		"wrong type in an element": `{"partner_attachments": [{"id": "a", "vpc_ids": "x"}]}`,
	} {
		t.Run(name, func(t *testing.T) {
			s.script(okReply(body))
			got, _, err := a.ListPage(context.Background(), nil)
			if got != nil {
				t.Errorf("got %v", got)
			}
			wantMalformed(t, err, http.MethodGet, AttachmentsPath, http.StatusOK)
		})
	}
}

func TestListAllAndFindByName(t *testing.T) {
	s := newScriptServer(t)
	a := newScriptClient(t, s, 0)
	s.script(okReply(specList))
	got, err := a.FindByName(context.Background(), "env.test-partner-network-connect")
	if err != nil || got == nil || got.ID != "e0fe0f4d-596a-465e-a902-571ce57b79fa" {
		t.Fatalf("FindByName: %+v, %v", got, err)
	}
	if got, err = a.FindByName(context.Background(), "nope"); err != nil || got != nil {
		t.Fatalf("FindByName of a missing name: %+v, %v", got, err)
	}
	s.script(okReply(`{}`))
	_, err = a.FindByName(context.Background(), "x")
	wantMalformed(t, err, http.MethodGet, AttachmentsPath, http.StatusOK)
}

func TestChildrenOf(t *testing.T) {
	s := newScriptServer(t)
	a := newScriptClient(t, s, 0)
	s.script(okReply(`{"partner_attachments": [
		{"id": "p", "children": ["c1"]},
		{"id": "c1", "parent_uuid": "p"},
		{"id": "c2", "parent_uuid": "p"},
		{"id": "c3", "parent_uuid": "p", "state": "DELETED"},
		{"id": "other", "parent_uuid": "q"}
	]}`))
	got, err := a.ChildrenOf(context.Background(), &godo.PartnerAttachment{ID: "p", Children: []string{"c1"}})
	if err != nil || strings.Join(got, ",") != "c1,c2" {
		t.Fatalf("ChildrenOf = %q, %v; want c1,c2", got, err)
	}
}

// A page holding only DELETED attachments must not end the walk: the
// pages that follow still hold live ones.
func TestListAllWalksPastDeletedPages(t *testing.T) {
	s := newScriptServer(t)
	a := newScriptClient(t, s, 0)
	s.script(
		okReply(`{"partner_attachments": [{"id": "gone", "name": "gone", "state": "DELETED"}],
			"links": {"pages": {"next": "https://api.example/v2/partner_network_connect/attachments?page=2", "last": "https://api.example/v2/partner_network_connect/attachments?page=2"}}}`),
		okReply(`{"partner_attachments": [{"id": "live", "name": "wanted", "state": "active"}], "links": {}}`),
	)
	got, err := a.FindByName(context.Background(), "wanted")
	if err != nil || got == nil || got.ID != "live" {
		t.Fatalf("FindByName past a page of DELETED attachments: %+v, %v", got, err)
	}
}

// A Go backend encodes an empty list as null: with a total of 0 it is an
// empty account, not a malformed answer.
func TestListPageNullWithTotalZero(t *testing.T) {
	s := newScriptServer(t)
	a := newScriptClient(t, s, 0)
	s.script(okReply(`{"partner_attachments": null, "links": {}, "meta": {"total": 0}}`))
	got, _, err := a.ListPage(context.Background(), nil)
	if err != nil || len(got) != 0 {
		t.Fatalf("ListPage of an empty account answered null: %v, %v", got, err)
	}
}
