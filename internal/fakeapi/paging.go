package fakeapi

import (
	"net/http"
	"net/url"
	"strconv"
)

// Paging defaults and limits from the spec's shared page/per_page parameters.
const (
	defaultPerPage = 20
	maxPerPage     = 200
)

type pageParams struct{ page, perPage int }

// parsePage reads page and per_page liberally, as DigitalOcean does: missing,
// malformed or non-positive values fall back to the defaults and per_page is
// capped at 200 rather than rejected.
func parsePage(q url.Values) pageParams {
	p := pageParams{page: positiveInt(q.Get("page"), 1), perPage: positiveInt(q.Get("per_page"), defaultPerPage)}
	p.perPage = min(p.perPage, maxPerPage)
	return p
}

func positiveInt(s string, def int) int {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return def
	}
	return n
}

// bounds returns the slice [start:end) of total items on this page.
func (p pageParams) bounds(total int) (start, end int) {
	if p.page-1 > total/p.perPage { // also guards the multiplication below
		return total, total
	}
	start = min((p.page-1)*p.perPage, total)
	return start, min(start+p.perPage, total)
}

type pageLinks struct {
	First string `json:"first,omitempty"`
	Prev  string `json:"prev,omitempty"`
	Next  string `json:"next,omitempty"`
	Last  string `json:"last,omitempty"`
}

// links is answered as {} when everything fits on one page, as in the spec's
// examples.
type links struct {
	Pages *pageLinks `json:"pages,omitempty"`
}

type meta struct {
	Total int `json:"total"`
}

// links builds DigitalOcean-style absolute page URLs: first/prev only after
// page 1, next/last only before the last page.
func (p pageParams) links(r *http.Request, prefix string, total int) links {
	last := max(1, (total+p.perPage-1)/p.perPage)
	var pl pageLinks
	if p.page > 1 {
		pl.First, pl.Prev = pageURL(r, prefix, 1), pageURL(r, prefix, p.page-1)
	}
	if p.page < last {
		pl.Next, pl.Last = pageURL(r, prefix, p.page+1), pageURL(r, prefix, last)
	}
	if pl == (pageLinks{}) {
		return links{}
	}
	return links{Pages: &pl}
}

// pageURL is the request's own URL (same host, path under prefix, and other
// query parameters) pointing at another page.
func pageURL(r *http.Request, prefix string, page int) string {
	u := url.URL{Scheme: "http", Host: r.Host, Path: prefix + r.URL.Path}
	if r.TLS != nil {
		u.Scheme = "https"
	}
	q := r.URL.Query()
	q.Set("page", strconv.Itoa(page))
	u.RawQuery = q.Encode()
	return u.String()
}

// writePage answers one page of all under key, converting each item, with
// links and meta.total.
func writePage[T, W any](c *call, key string, all []T, convert func(T) W) {
	p := parsePage(c.r.URL.Query())
	start, end := p.bounds(len(all))
	items := make([]W, 0, end-start)
	for _, v := range all[start:end] {
		items = append(items, convert(v))
	}
	c.json(http.StatusOK, map[string]any{key: items, "links": p.links(c.r, c.prefix, len(all)), "meta": meta{Total: len(all)}})
}
