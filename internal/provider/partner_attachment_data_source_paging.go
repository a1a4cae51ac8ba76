package provider

import (
	"context"

	"github.com/digitalocean/godo"
)

// listPageSize is the largest page the API serves: fewest requests.
const listPageSize = 200

// listPage fetches one page of a DigitalOcean list endpoint.
type listPage[T any] func(ctx context.Context, opt *godo.ListOptions) ([]T, *godo.Response, error)

// listAll fetches every page of a list, each exactly once, in order. The
// links in each answer say whether another page follows; an empty page also
// ends the walk, so a server that keeps announcing pages cannot loop us.
func listAll[T any](ctx context.Context, fetch listPage[T]) ([]T, error) {
	var all []T
	for page := 1; ; page++ {
		items, resp, err := fetch(ctx, &godo.ListOptions{Page: page, PerPage: listPageSize})
		if err != nil {
			return nil, err
		}
		all = append(all, items...)
		if len(items) == 0 || resp == nil || resp.Links == nil || resp.Links.IsLastPage() {
			return all, nil
		}
	}
}
