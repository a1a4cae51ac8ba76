package apiclient

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"unicode"

	"github.com/digitalocean/godo"
)

// AttachmentsPath is the Partner Network Connect collection.
const AttachmentsPath = "/v2/partner_network_connect/attachments"

// ListPageSize is the largest page the API serves (per_page is capped at
// 200): the fewest requests per attachment listed.
const ListPageSize = 200

// Attachments is the provider's way to the Partner Network Connect
// endpoints. It calls godo, and checks every answer before handing it on:
// an answer without the object the endpoint returns is a *MalformedError
// naming the endpoint and status (never a nil value to dereference), states
// are normalised (NormalizeState), and an attachment the API reports as
// DELETED is a *GoneError, which IsNotFound treats like a 404.
type Attachments struct {
	c *godo.Client
}

// NewAttachments wraps a configured godo client.
func NewAttachments(c *godo.Client) *Attachments { return &Attachments{c: c} }

// CheckID refuses an attachment ID that cannot be one: empty, or holding a
// character that would change the request's path or query ("/", "?", "%",
// "#") or white space. Without it, the ID "" would GET the collection.
func CheckID(id string) error {
	switch {
	case id == "":
		return errors.New("the attachment ID is empty")
	case id == "." || id == ".." || strings.ContainsAny(id, "/?%#") ||
		strings.IndexFunc(id, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0:
		return fmt.Errorf("%q cannot be an attachment ID: IDs are not . or .. and hold no '/', '?', '%%', '#', white space or control characters (they look like 5a4981aa-9653-4bd1-bef5-d6bff52042e4)", id)
	}
	return nil
}

func itemPath(id string) string { return AttachmentsPath + "/" + url.PathEscape(id) }

// Get reads one attachment.
func (a *Attachments) Get(ctx context.Context, id string) (*godo.PartnerAttachment, error) {
	if err := CheckID(id); err != nil {
		return nil, err
	}
	return callAttachment(ctx, http.MethodGet, itemPath(id), func(ctx context.Context) (*godo.PartnerAttachment, *godo.Response, error) {
		return a.c.PartnerAttachment.Get(ctx, id)
	})
}

// Create sends a create request; what it returns is the new attachment.
func (a *Attachments) Create(ctx context.Context, req *godo.PartnerAttachmentCreateRequest) (*godo.PartnerAttachment, error) {
	return callAttachment(ctx, http.MethodPost, AttachmentsPath, func(ctx context.Context) (*godo.PartnerAttachment, *godo.Response, error) {
		return a.c.PartnerAttachment.Create(ctx, req)
	})
}

// callAttachment runs one call that answers an attachment, and checks it.
func callAttachment(ctx context.Context, method, path string, call func(context.Context) (*godo.PartnerAttachment, *godo.Response, error)) (*godo.PartnerAttachment, error) {
	got, resp, err := guarded(ctx, method, path, call)
	return checkAttachment(method, path, resp, got, err)
}

// fetch is guarded for a call whose answer must hold what (a nil value
// means the answer lacked the endpoint's key).
func fetch[T any](ctx context.Context, method, path, what string, call func(context.Context) (T, *godo.Response, error)) (T, *godo.Response, error) {
	v, resp, err := guarded(ctx, method, path, call)
	// A list answered null with a total of 0 is an empty list (as a Go
	// backend encodes one); any other missing value is malformed.
	emptyList := resp != nil && resp.Meta != nil && resp.Meta.Total == 0
	if err == nil && !emptyList && reflect.ValueOf(&v).Elem().IsNil() {
		err = malformed(method, path, resp, "the answer has no "+what)
	}
	return v, resp, err
}

// guarded runs a godo call, noting the status of its last answer (godo
// drops the response when decoding fails) and turning a panic in godo's
// decoding into a *MalformedError: no answer may crash the provider.
func guarded[T any](ctx context.Context, method, path string, call func(context.Context) (T, *godo.Response, error)) (v T, resp *godo.Response, err error) {
	ctx, status := recordStatus(ctx)
	defer func() {
		if r := recover(); r != nil {
			var zero T
			v, resp, err = zero, nil, &MalformedError{Method: method, Path: path, Status: *status, Reason: fmt.Sprintf("decoding it failed: %v", r)}
		}
		// A decode error needs an answer to decode: without one (*status
		// still 0) the error is the client's own, e.g. its rate limiter.
		if err != nil && *status != 0 && !isAnswer(err) {
			err = &MalformedError{Method: method, Path: path, Status: *status, Reason: "it does not match the API's types: " + err.Error()}
		}
	}()
	return call(ctx)
}

// AttachmentUpdate is a PATCH body holding only the fields that change.
// godo's PartnerAttachmentUpdateRequest has no BGP field (so the official
// provider silently drops BGP changes); Update sends this one through
// godo's own NewRequest/Do, which keeps its auth, retries and error parsing.
type AttachmentUpdate struct {
	Name   string     `json:"name,omitempty"`
	VPCIDs []string   `json:"vpc_ids,omitempty"`
	BGP    *BGPUpdate `json:"bgp,omitempty"`
}

// BGPUpdate is the bgp object of a PATCH body: the API needs all four.
type BGPUpdate struct {
	LocalRouterIP string `json:"local_router_ip"`
	PeerRouterIP  string `json:"peer_router_ip"`
	PeerRouterASN int64  `json:"peer_router_asn"`
	AuthKey       string `json:"auth_key"`
}

// Empty reports whether the update changes nothing.
func (u AttachmentUpdate) Empty() bool { return u.Name == "" && u.VPCIDs == nil && u.BGP == nil }

// Update sends a PATCH with body.
func (a *Attachments) Update(ctx context.Context, id string, body AttachmentUpdate) (*godo.PartnerAttachment, error) {
	if err := CheckID(id); err != nil {
		return nil, err
	}
	return callAttachment(ctx, http.MethodPatch, itemPath(id), func(ctx context.Context) (*godo.PartnerAttachment, *godo.Response, error) {
		req, err := a.c.NewRequest(ctx, http.MethodPatch, itemPath(id), body)
		if err != nil {
			return nil, nil, err
		}
		var root struct {
			PartnerAttachment *godo.PartnerAttachment `json:"partner_attachment"`
		}
		resp, err := a.c.Do(ctx, req, &root)
		return root.PartnerAttachment, resp, err
	})
}

// Delete sends a DELETE. Its answer's body is not read.
func (a *Attachments) Delete(ctx context.Context, id string) error {
	if err := CheckID(id); err != nil {
		return err
	}
	_, err := a.c.PartnerAttachment.Delete(ctx, id)
	return err
}

// ListPage reads one page of the collection. Attachments the API reports as
// DELETED, and entries without an ID, are left out (usable).
func (a *Attachments) ListPage(ctx context.Context, opt *godo.ListOptions) ([]*godo.PartnerAttachment, *godo.Response, error) {
	items, resp, err := a.listPage(ctx, opt)
	if err != nil {
		return nil, resp, err
	}
	return usable(items), resp, nil
}

// listPage reads one page as the API answered it.
func (a *Attachments) listPage(ctx context.Context, opt *godo.ListOptions) ([]*godo.PartnerAttachment, *godo.Response, error) {
	return fetch(ctx, http.MethodGet, AttachmentsPath, "partner_attachments list", func(ctx context.Context) ([]*godo.PartnerAttachment, *godo.Response, error) {
		return a.c.PartnerAttachment.List(ctx, opt)
	})
}

// usable keeps the entries a caller can use, normalised: with an ID and
// not DELETED.
func usable(items []*godo.PartnerAttachment) []*godo.PartnerAttachment {
	out := make([]*godo.PartnerAttachment, 0, len(items))
	for _, it := range items {
		if it == nil || it.ID == "" {
			continue
		}
		normalize(it)
		if it.State != StateDeleted {
			out = append(out, it)
		}
	}
	return out
}

// ListAll reads every attachment, each page once. The walk follows the
// pages as the API answered them, so a page of nothing but DELETED
// attachments does not end it.
func (a *Attachments) ListAll(ctx context.Context) ([]*godo.PartnerAttachment, error) {
	all, err := ListAll(ctx, a.listPage)
	if err != nil {
		return nil, err
	}
	return usable(all), nil
}

// FindByName returns the attachment named name, nil if there is none. Names
// are unique in an account; should two ever match, the first is returned.
func (a *Attachments) FindByName(ctx context.Context, name string) (*godo.PartnerAttachment, error) {
	all, err := a.ListAll(ctx)
	if err != nil {
		return nil, err
	}
	for _, it := range all {
		// One on its way out (a lagging list may show it) is not adopted.
		if it.Name == name && !IsDeleting(it.State) {
			return it, nil
		}
	}
	return nil, nil
}

// ChildrenOf returns the IDs of attachments that pair with id: those the
// attachment's own children field names, and those whose parent_uuid is id
// (an API may omit children).
func (a *Attachments) ChildrenOf(ctx context.Context, parent *godo.PartnerAttachment) ([]string, error) {
	ids := append([]string(nil), parent.Children...)
	all, err := a.ListAll(ctx)
	if err != nil {
		return nil, err
	}
	for _, it := range all {
		if it.ParentUuid == parent.ID && !slices.Contains(ids, it.ID) {
			ids = append(ids, it.ID)
		}
	}
	return ids, nil
}

// BGPAuthKey reads the attachment's BGP auth key.
func (a *Attachments) BGPAuthKey(ctx context.Context, id string) (string, error) {
	if err := CheckID(id); err != nil {
		return "", err
	}
	path := itemPath(id) + "/bgp_auth_key"
	key, _, err := fetch(ctx, http.MethodGet, path, "bgp_auth_key object", func(ctx context.Context) (*godo.BgpAuthKey, *godo.Response, error) {
		return a.c.PartnerAttachment.GetBGPAuthKey(ctx, id)
	})
	if err != nil {
		return "", err
	}
	return key.Value, nil
}

// ServiceKey reads the attachment's service key.
func (a *Attachments) ServiceKey(ctx context.Context, id string) (*godo.ServiceKey, error) {
	if err := CheckID(id); err != nil {
		return nil, err
	}
	path := itemPath(id) + "/service_key"
	key, _, err := fetch(ctx, http.MethodGet, path, "service_key object", func(ctx context.Context) (*godo.ServiceKey, *godo.Response, error) {
		return a.c.PartnerAttachment.GetServiceKey(ctx, id)
	})
	if err != nil {
		return nil, err
	}
	key.State = strings.ToUpper(strings.TrimSpace(key.State))
	return key, nil
}

// RegenerateServiceKey asks for a new service key.
func (a *Attachments) RegenerateServiceKey(ctx context.Context, id string) error {
	if err := CheckID(id); err != nil {
		return err
	}
	// Nothing reads the answer's body (the new key is read when ready), so
	// an empty one is fine: sent through NewRequest/Do without decoding.
	path := itemPath(id) + "/service_key"
	_, _, err := guarded(withoutBodyCheck(ctx), http.MethodPost, path, func(ctx context.Context) (struct{}, *godo.Response, error) {
		req, err := a.c.NewRequest(ctx, http.MethodPost, path, nil)
		if err != nil {
			return struct{}{}, nil, err
		}
		resp, err := a.c.Do(ctx, req, nil)
		return struct{}{}, resp, err
	})
	return err
}

// RemoteRoutesPage reads one page of the routes learned over BGP.
func (a *Attachments) RemoteRoutesPage(ctx context.Context, id string, opt *godo.ListOptions) ([]*godo.RemoteRoute, *godo.Response, error) {
	if err := CheckID(id); err != nil {
		return nil, nil, err
	}
	path := itemPath(id) + "/remote_routes"
	routes, resp, err := fetch(ctx, http.MethodGet, path, "remote_routes list", func(ctx context.Context) ([]*godo.RemoteRoute, *godo.Response, error) {
		return a.c.PartnerAttachment.ListRoutes(ctx, id, opt)
	})
	if err != nil {
		return nil, resp, err
	}
	out := routes[:0]
	for _, r := range routes {
		if r != nil {
			out = append(out, r)
		}
	}
	return out, resp, nil
}

// ListPageFunc fetches one page of a DigitalOcean list endpoint.
type ListPageFunc[T any] func(ctx context.Context, opt *godo.ListOptions) ([]T, *godo.Response, error)

// ListAll fetches every page of a list, each exactly once, in order. The
// links in each answer say whether another page follows; an empty page also
// ends the walk, so a server that keeps announcing pages cannot loop us.
func ListAll[T any](ctx context.Context, fetch ListPageFunc[T]) ([]T, error) {
	var all []T
	for page := 1; ; page++ {
		items, resp, err := fetch(ctx, &godo.ListOptions{Page: page, PerPage: ListPageSize})
		if err != nil {
			return nil, err
		}
		all = append(all, items...)
		if lastPage(len(items), resp) {
			return all, nil
		}
	}
}

// lastPage reports whether a page of n items, answered with resp, ends the
// list: its links say so (or are missing), or it is empty, so that a server
// that keeps announcing pages cannot loop a reader.
func lastPage(n int, resp *godo.Response) bool {
	return n == 0 || resp == nil || resp.Links == nil || resp.Links.IsLastPage()
}

// checkAttachment turns an endpoint's answer into a usable attachment or an
// error that says what was wrong with it.
func checkAttachment(method, path string, resp *godo.Response, a *godo.PartnerAttachment, err error) (*godo.PartnerAttachment, error) {
	if err == nil && (a == nil || a.ID == "") {
		err = malformed(method, path, resp, "the answer has no partner_attachment object with an id")
	}
	if err != nil {
		return nil, err
	}
	normalize(a)
	if a.State == StateDeleted {
		return nil, &GoneError{ID: a.ID, State: a.State}
	}
	return a, nil
}

// normalize brings an attachment's spellings to one form.
func normalize(a *godo.PartnerAttachment) {
	a.State = NormalizeState(a.State)
}

func malformed(method, path string, resp *godo.Response, reason string) error {
	return &MalformedError{Method: method, Path: path, Status: statusOf(resp), Reason: reason}
}

// isAnswer reports whether err is one the API or the network gave (an API
// error, a malformed body, a transport failure, a cancelled context, an ID
// refused before sending), as opposed to godo failing to decode a body
// that was valid JSON of the wrong shape.
func isAnswer(err error) bool {
	var m *MalformedError
	var u *url.Error
	var g *GoneError
	if _, ok := AsAPIError(err); ok {
		return true
	}
	return errors.As(err, &m) || errors.As(err, &u) || errors.As(err, &g) ||
		errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

type statusKey struct{}

// recordStatus returns a context under which bodyCheckingTransport notes
// the status of each answer in *status.
func recordStatus(ctx context.Context) (context.Context, *int) {
	status := new(int)
	return context.WithValue(ctx, statusKey{}, status), status
}

// noteStatus records an answer's status for recordStatus, if asked to.
func noteStatus(ctx context.Context, status int) {
	if p, ok := ctx.Value(statusKey{}).(*int); ok {
		*p = status
	}
}

func statusOf(resp *godo.Response) int {
	if resp == nil || resp.Response == nil {
		return 0
	}
	return resp.StatusCode
}
