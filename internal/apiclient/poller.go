package apiclient

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/digitalocean/godo"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// pollGather is how long a round of polls waits for the other waits in
// flight to join it before it is sent with those it has.
const pollGather = 150 * time.Millisecond

// Poller answers the polls of the waits in flight in one provider process
// with as few requests as it can. Polls that arrive together form a round:
// a round of one attachment is a GET; a round of several is answered from
// the list (ListPageSize a page, pages until every one was seen or the list
// ends), with a GET for any the list did not show (a new attachment an
// eventually consistent list does not hold yet, or one that is gone, which
// the GET then answers 404). Fifty creates waited on ten at a time thus cost
// one list request per round instead of ten GETs.
//
// A round is sent as soon as every wait in flight (see Track) has joined
// it, or pollGather after its first poll: a lone wait is never delayed.
// Each poll gets an answer from a request sent after it arrived, so waits
// see the API as it is now, never a value from before they asked.
type Poller struct {
	api    *Attachments
	gather time.Duration

	mu     sync.Mutex
	active int        // waits in flight (Track)
	open   *pollRound // gathering polls, not yet sent; nil if none
}

// pollRound is one round of polls; its results are written before done is
// closed and only read after.
type pollRound struct {
	// ctx carries the first poll's logger and masks, and ends when every
	// poll in the round has given up (or the round is done).
	ctx    context.Context
	cancel context.CancelFunc
	live   int // polls still waiting for the round; under Poller.mu
	ids    []string
	full   chan struct{} // closed when every wait in flight has joined
	done   chan struct{}
	found  map[string]*godo.PartnerAttachment
	// errs holds the answers of the GETs a round sent (a round of one, or
	// the attachments the list did not show).
	errs map[string]error
}

// NewPoller returns a poller over api.
func NewPoller(api *Attachments) *Poller {
	return &Poller{api: api, gather: pollGather}
}

// Track says that a wait has begun; the function it returns says it ended.
// Rounds are sent as soon as every tracked wait has joined.
func (p *Poller) Track() (done func()) {
	p.mu.Lock()
	p.active++
	p.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			p.mu.Lock()
			defer p.mu.Unlock()
			p.active--
			p.closeIfFull()
		})
	}
}

// Get returns attachment id as the API shows it now, from the round this
// poll joins: a listed value, or a GET's answer (404 included).
func (p *Poller) Get(ctx context.Context, id string) (*godo.PartnerAttachment, error) {
	r, leave := p.join(ctx, id)
	defer leave()
	select {
	case <-r.done:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if a, ok := r.found[id]; ok {
		c := *a // the round's value is shared by its polls
		return &c, nil
	}
	if err, ok := r.errs[id]; ok {
		return nil, err
	}
	return p.api.Get(ctx, id) // the round ended before it could look (its context ended)
}

// join adds id to the round gathering polls, opening one if there is none.
// leave, once the poll has its answer, stops watching the poll's context.
func (p *Poller) join(ctx context.Context, id string) (r *pollRound, leave func() bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	r = p.open
	if r != nil && r.ctx.Err() != nil {
		// Every poll in it has given up: it goes out empty-handed, and
		// this poll starts a round of its own.
		p.open = nil
		close(r.full)
		r = nil
	}
	if r == nil {
		r = &pollRound{full: make(chan struct{}), done: make(chan struct{}),
			found: map[string]*godo.PartnerAttachment{}, errs: map[string]error{}}
		r.ctx, r.cancel = context.WithCancel(context.WithoutCancel(ctx))
		p.open = r
		go p.send(r)
	}
	if !slices.Contains(r.ids, id) {
		r.ids = append(r.ids, id)
	}
	r.live++
	leave = context.AfterFunc(ctx, func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		if r.live--; r.live == 0 {
			r.cancel()
		}
	})
	p.closeIfFull()
	return r, leave
}

// closeIfFull stops the open round gathering once every wait in flight has
// joined it; p.mu must be held.
func (p *Poller) closeIfFull() {
	if r := p.open; r != nil && len(r.ids) >= p.active {
		p.open = nil
		close(r.full)
	}
}

// send waits for the round to fill (or pollGather), then answers it. Its
// requests run on the round's context: a poll whose wait is cancelled must
// not fail the others in the round.
func (p *Poller) send(r *pollRound) {
	select {
	case <-r.full:
	case <-time.After(p.gather):
		p.mu.Lock()
		if p.open == r {
			p.open = nil
		}
		p.mu.Unlock()
	}
	defer r.cancel()
	defer close(r.done)
	ctx := r.ctx
	p.mu.Lock()
	ids := r.ids // no poll joins a round that has left p.open
	p.mu.Unlock()
	if len(ids) > 1 {
		p.list(ctx, r)
	}
	for _, id := range ids {
		if _, ok := r.found[id]; ok {
			continue
		}
		a, err := p.api.Get(ctx, id)
		if err != nil {
			r.errs[id] = err
			continue
		}
		r.found[id] = a
	}
}

// list fills r.found from the list, page by page, until every polled
// attachment has been seen or the pages end. A failed page ends the walk:
// the rest are then GET one by one, with the retries and errors of a GET.
func (p *Poller) list(ctx context.Context, r *pollRound) {
	for page := 1; ; page++ {
		items, resp, err := p.api.ListPage(ctx, &godo.ListOptions{Page: page, PerPage: ListPageSize})
		if err != nil {
			tflog.Debug(ctx, "listing partner attachments for the waits in flight failed; polling each with a GET",
				map[string]any{"page": page, "error": err.Error()})
			return
		}
		for _, a := range items {
			if slices.Contains(r.ids, a.ID) {
				r.found[a.ID] = a
			}
		}
		if len(r.found) == len(r.ids) || lastPage(len(items), resp) {
			return
		}
	}
}
