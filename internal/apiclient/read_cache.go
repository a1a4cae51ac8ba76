package apiclient

import (
	"context"
	"errors"
	"slices"
	"sync"

	"github.com/digitalocean/godo"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// ReadCache answers the resource's Reads in one configured
// provider (one Terraform command) from the paginated list, once enough
// Reads have arrived that listing costs fewer requests than a GET each: a
// plan over 200 attachments then makes 2 requests instead of 200.
//
// It never answers with a value older than a write made through this
// provider's client: every write bumps a generation, drops what was listed
// and discards any page that was in flight across it (see Invalidate).
// Each listed value answers at most one Read. Whatever the list does not
// hold falls back to a GET, so a missing attachment is still a 404. Waiters
// never come here: they must see the API as it is now, not as it was listed.
type ReadCache struct {
	list func(ctx context.Context, page int) ([]*godo.PartnerAttachment, *godo.Response, error)
	get  func(ctx context.Context, id string) (*godo.PartnerAttachment, error)

	mu sync.Mutex
	// reads counts Reads so far; listed, list requests so far. A page is
	// fetched only while listed < reads-1: a lone Read always GETs, and the
	// list never costs more requests than the Reads it could answer.
	reads, listed int
	gen           uint64 // bumped by every write
	// entries holds what the current generation listed and no Read took yet.
	entries map[string]*godo.PartnerAttachment
	// all is everything the current generation listed, Reads or not, for
	// All; complete once its last page is in, listErr if a page failed.
	all      []*godo.PartnerAttachment
	complete bool
	listErr  error
	// next is the next page to fetch; 0 once the list is exhausted (or a
	// page failed) in this generation.
	next int
	// fetching is closed when the page in flight has been applied; nil
	// while none is, so that concurrent Reads wait for one page at a time.
	fetching chan struct{}
}

// NewReadCache returns an empty cache over api. Make the client's writes
// invalidate it with ObserveWrites.
func NewReadCache(api *Attachments) *ReadCache {
	return &ReadCache{
		// The page as the API answered it: a page of nothing but DELETED
		// attachments must not end the walk (see ListAll).
		list: func(ctx context.Context, page int) ([]*godo.PartnerAttachment, *godo.Response, error) {
			return api.listPage(ctx, &godo.ListOptions{Page: page, PerPage: ListPageSize})
		},
		get:     api.Get,
		entries: map[string]*godo.PartnerAttachment{},
		next:    1,
	}
}

// Read returns the attachment id: listed if the list holds it, else by GET
// (whose error, a 404 included, is returned as is).
func (c *ReadCache) Read(ctx context.Context, id string) (*godo.PartnerAttachment, error) {
	if a := c.fromList(ctx, id); a != nil {
		return a, nil
	}
	return c.get(ctx, id)
}

// fromList takes id's listed value, fetching pages while that pays off;
// nil means GET it.
func (c *ReadCache) fromList(ctx context.Context, id string) *godo.PartnerAttachment {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.reads++
	for {
		if a, ok := c.entries[id]; ok {
			delete(c.entries, id)
			return a
		}
		switch {
		case c.fetching != nil:
			if !c.await(ctx, c.fetching) {
				return nil
			}
		case c.next > 0 && c.listed < c.reads-1:
			c.fetchNext(ctx)
		default:
			return nil
		}
	}
}

// await waits, unlocked, for the page in flight; false if ctx ended first.
func (c *ReadCache) await(ctx context.Context, done <-chan struct{}) bool {
	c.mu.Unlock()
	defer c.mu.Lock()
	select {
	case <-done:
		return true
	case <-ctx.Done():
		return false
	}
}

// fetchNext fetches page c.next, unlocked, and stores it unless a write
// happened meanwhile: the page may then predate the write.
func (c *ReadCache) fetchNext(ctx context.Context) {
	page, gen, done := c.next, c.gen, make(chan struct{})
	c.fetching = done
	c.listed++
	c.mu.Unlock()
	items, resp, err := c.list(ctx, page)
	c.mu.Lock()
	c.fetching = nil
	close(done)
	switch {
	case gen != c.gen:
		// Dropped; Invalidate already reset the walk.
	case err != nil:
		// Reads fall back to GET, which has its own retries and errors;
		// All reports the error (the list is not sent again).
		c.next = 0
		c.listErr = err
		tflog.Debug(ctx, "listing partner attachments failed; refreshing each with a GET", map[string]any{"page": page, "error": err.Error()})
	default:
		for _, a := range usable(items) {
			c.entries[a.ID] = a
			c.all = append(c.all, a)
		}
		c.next = page + 1
		// The last page by the API's count, before DELETED entries are
		// dropped.
		if lastPage(len(items), resp) {
			c.next = 0
			c.complete = true
		}
		tflog.Debug(ctx, "listed partner attachments to serve refreshes", map[string]any{"page": page, "count": len(items), "reads": c.reads})
	}
}

// Invalidate forgets everything listed and makes pages in flight stale. The
// client calls it before and after every write, so a list sent before a
// write has finished is never believed.
func (c *ReadCache) Invalidate() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	clear(c.entries)
	c.all, c.complete, c.listErr = nil, false, nil
	c.next = 1
}

// All returns every attachment the list shows, for the plan-time checks: the
// pages the Reads of this generation already fetched and the rest, so that a
// plan lists once for its refresh and its checks together. A page that
// failed (here or for a Read) is not fetched again in this generation: its
// error is returned. The attachments are shared with Reads; do not modify them.
func (c *ReadCache) All(ctx context.Context) ([]*godo.PartnerAttachment, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for {
		switch {
		case c.fetching != nil:
			if !c.await(ctx, c.fetching) {
				return nil, ctx.Err()
			}
		case c.complete:
			return slices.Clone(c.all), nil
		case c.listErr != nil:
			return nil, c.listErr
		case c.next > 0:
			c.fetchNext(ctx)
		default:
			// Unreachable: a generation ends complete, failed or still
			// walking (Invalidate restarts the walk).
			return nil, errors.New("listing partner attachments stopped before its last page")
		}
	}
}
