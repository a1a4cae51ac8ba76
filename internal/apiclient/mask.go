package apiclient

import (
	"context"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

type secretsKey struct{}

// WithSecrets returns a context whose provider logs (root logger and the
// "api" subsystem alike) replace every occurrence of the given values, in
// messages and field values, with "***". Empty values are ignored (masking
// "" would garble every line). Secrets accumulate: the API token masked at
// the start of an operation stays masked when auth keys are added later.
func WithSecrets(ctx context.Context, secrets ...string) context.Context {
	have, _ := ctx.Value(secretsKey{}).([]string)
	all := slices.Clone(have)
	for _, s := range secrets {
		if s != "" && !slices.Contains(all, s) {
			all = append(all, s)
		}
	}
	if len(all) == len(have) {
		return ctx
	}
	ctx = context.WithValue(ctx, secretsKey{}, all)
	return tflog.MaskLogStrings(ctx, all[len(have):]...)
}

// secretsFrom returns the values WithSecrets registered on ctx.
func secretsFrom(ctx context.Context) []string {
	s, _ := ctx.Value(secretsKey{}).([]string)
	return s
}

// apiLogContext returns ctx with the "api" subsystem logger, masking the
// token and whatever WithSecrets registered. Subsystem loggers do not inherit
// the root logger's masks, so they are applied again here.
func apiLogContext(ctx context.Context, token string) context.Context {
	ctx = tflog.NewSubsystem(ctx, logSubsystem)
	secrets := append([]string{token}, secretsFrom(ctx)...)
	if token == "" {
		secrets = secrets[1:]
	}
	return tflog.SubsystemMaskLogStrings(ctx, logSubsystem, secrets...)
}

// Mask replaces every secret registered on ctx (WithSecrets) in s with
// "***", for text that does not go through tflog, such as diagnostics.
func Mask(ctx context.Context, s string) string {
	for _, secret := range secretsFrom(ctx) {
		s = strings.ReplaceAll(s, secret, "***")
	}
	return s
}
