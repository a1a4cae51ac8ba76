package fakeapi

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/digitalocean/godo"
)

func TestListPagination(t *testing.T) {
	h := newHarness(t, Options{})
	ids := make([]string, 450)
	for i := range ids {
		ids[i] = h.srv.Seed(SeedAttachment{Name: fmt.Sprintf("pa-%03d", i)})
	}
	base := h.srv.URL() + collection
	link := func(page int) string { return fmt.Sprintf("%s?page=%d&per_page=200", base, page) }
	tests := []struct {
		page, count, firstIndex int
		links                   godo.Pages
	}{
		{1, 200, 0, godo.Pages{Next: link(2), Last: link(3)}},
		{2, 200, 200, godo.Pages{First: link(1), Prev: link(1), Next: link(3), Last: link(3)}},
		{3, 50, 400, godo.Pages{First: link(1), Prev: link(2)}},
	}
	for _, tt := range tests {
		list, resp, err := h.godo.PartnerAttachment.List(context.Background(), &godo.ListOptions{Page: tt.page, PerPage: 200})
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != tt.count || list[0].ID != ids[tt.firstIndex] {
			t.Errorf("page %d: %d items starting %s, want %d starting with %s", tt.page, len(list), list[0].Name, tt.count, ids[tt.firstIndex])
		}
		if resp.Meta.Total != 450 {
			t.Errorf("page %d: meta.total = %d", tt.page, resp.Meta.Total)
		}
		if got := *resp.Links.Pages; got != tt.links {
			t.Errorf("page %d: links =\n%+v\nwant\n%+v", tt.page, got, tt.links)
		}
		if page, _ := resp.Links.CurrentPage(); page != tt.page {
			t.Errorf("godo thinks it is on page %d, want %d", page, tt.page)
		}
		if last := resp.Links.IsLastPage(); last != (tt.page == 3) {
			t.Errorf("page %d: IsLastPage = %v", tt.page, last)
		}
	}
}

func TestSinglePageHasEmptyLinks(t *testing.T) {
	h := newHarness(t, Options{})
	h.srv.Seed(SeedAttachment{})
	r := h.do(http.MethodGet, collection, "")
	if got := encode(t, r.object(t)["links"]); got != "{}" {
		t.Errorf("links = %s, want {}", got)
	}
}

func TestRemoteRoutesPagination(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.srv.Seed(SeedAttachment{})
	routes := make([]string, 25)
	for i := range routes {
		routes[i] = fmt.Sprintf("10.%d.0.0/16", i)
	}
	h.srv.SetRemoteRoutes(id, routes)
	got, resp, err := h.godo.PartnerAttachment.ListRoutes(context.Background(), id, &godo.ListOptions{Page: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 5 || got[0].Cidr != "10.20.0.0/16" || resp.Meta.Total != 25 {
		t.Errorf("page 2 = %d routes from %v, total %d; want the last 5 of 25", len(got), got[0], resp.Meta.Total)
	}
	if resp.Links.Pages.Next != "" || resp.Links.Pages.Prev == "" {
		t.Errorf("links = %+v", resp.Links.Pages)
	}
}

func TestParsePage(t *testing.T) {
	tests := []struct {
		query         string
		page, perPage int
	}{
		{"", 1, 20},
		{"page=3&per_page=7", 3, 7},
		{"page=0&per_page=0", 1, 20},
		{"page=-2&per_page=-5", 1, 20},
		{"page=abc&per_page=1.5", 1, 20},
		{"per_page=500", 1, 200},
		{"per_page=200", 1, 200},
		{"per_page=1", 1, 1},
	}
	for _, tt := range tests {
		q, _ := url.ParseQuery(tt.query)
		if got := parsePage(q); got != (pageParams{tt.page, tt.perPage}) {
			t.Errorf("parsePage(%q) = %+v, want page %d per_page %d", tt.query, got, tt.page, tt.perPage)
		}
	}
}

func TestPageBounds(t *testing.T) {
	tests := []struct {
		p                 pageParams
		total, start, end int
	}{
		{pageParams{1, 20}, 0, 0, 0},
		{pageParams{1, 20}, 5, 0, 5},
		{pageParams{2, 20}, 45, 20, 40},
		{pageParams{3, 20}, 45, 40, 45},
		{pageParams{4, 20}, 45, 45, 45},
		{pageParams{1 << 62, 200}, 45, 45, 45},
	}
	for _, tt := range tests {
		if s, e := tt.p.bounds(tt.total); s != tt.start || e != tt.end {
			t.Errorf("%+v.bounds(%d) = %d,%d want %d,%d", tt.p, tt.total, s, e, tt.start, tt.end)
		}
	}
}

func TestPageBeyondLast(t *testing.T) {
	h := newHarness(t, Options{})
	h.srv.Seed(SeedAttachment{})
	list, resp, err := h.godo.PartnerAttachment.List(context.Background(), &godo.ListOptions{Page: 5})
	if err != nil || len(list) != 0 || resp.Meta.Total != 1 {
		t.Fatalf("page 5 = %v, %v", list, err)
	}
	if resp.Links.Pages.Next != "" || resp.Links.Pages.First == "" {
		t.Errorf("links = %+v", resp.Links.Pages)
	}
}
