package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// privateGetter is the part of a resource's private state a Read sees.
type privateGetter interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

// importing reports whether this Read is the first after an import:
// ImportState marks the state (privateFetchAuthKey) and that Read clears it.
// An import of an ID that does not exist must fail with the API's answer,
// where a later Read of a vanished attachment only drops it from state.
func importing(ctx context.Context, private privateGetter) bool {
	v, _ := private.GetKey(ctx, privateFetchAuthKey)
	return v != nil
}
