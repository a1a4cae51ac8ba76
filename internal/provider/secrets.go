package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/pnc-tf/terraform-provider-do/internal/apiclient"
)

// withSecrets returns ctx with the API token and the given values (BGP auth
// keys, service keys) masked in every log line written under it, by this
// provider's code and by the API client alike. Masks live on the context and
// every operation gets a fresh one, so each operation calls this first.
func (d *providerData) withSecrets(ctx context.Context, secrets ...string) context.Context {
	if d == nil { // not configured yet: there is no token to mask
		return apiclient.WithSecrets(ctx, secrets...)
	}
	return apiclient.WithSecrets(ctx, append(secrets, d.token)...)
}

// authKeys returns the BGP auth keys held by the given models.
func authKeys(ctx context.Context, models ...attachmentModel) []string {
	var keys []string
	var ignored diag.Diagnostics // a malformed bgp object has no key to mask
	for _, m := range models {
		if b, ok := bgpFromObject(ctx, m.BGP, &ignored); ok {
			keys = append(keys, b.AuthKey.ValueString())
		}
	}
	return keys
}
