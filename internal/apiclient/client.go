// Package apiclient builds the godo client the provider uses: bearer auth,
// godo's own retry support (go-retryablehttp) with a policy that never sends
// a create twice, pacing from the API's rate-limit headers, a user agent
// naming this provider, and a transport that logs each attempt without ever
// logging headers or bodies.
package apiclient

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/digitalocean/godo"
	"github.com/hashicorp/go-cleanhttp"
	"github.com/hashicorp/go-retryablehttp"
	"golang.org/x/oauth2"
)

// Config is the resolved provider configuration the client is built from.
type Config struct {
	Token        string
	APIEndpoint  string
	RetryMax     int
	RetryWaitMin float64 // seconds
	RetryWaitMax float64 // seconds
	// RequestsPerSecond caps the request rate (godo's static limiter);
	// 0 means no cap beyond the pacing the API's headers ask for.
	RequestsPerSecond float64
	UserAgent         string
	// OnRetry, when set, is told about every retry as it is sent (the soak
	// test counts them).
	OnRetry func(method, path string, attempt int)
}

// New returns a godo client for cfg.
func New(cfg Config) (*godo.Client, error) {
	if strings.TrimSpace(cfg.Token) == "" {
		return nil, fmt.Errorf("no API token")
	}
	wire := &observingTransport{base: bodyCheckingTransport{base: newPacer(cleanhttp.DefaultPooledTransport())}, token: cfg.Token}
	// godo's retry path requires an *oauth2.Transport: it copies the token
	// source onto the retrying client it builds.
	httpClient := &http.Client{Transport: &oauth2.Transport{
		Source: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: cfg.Token}),
		Base:   wire,
	}}

	opts := []godo.ClientOpt{godo.SetBaseURL(cfg.APIEndpoint), godo.SetUserAgent(cfg.UserAgent)}
	if cfg.RequestsPerSecond > 0 {
		opts = append(opts, godo.SetStaticRateLimit(cfg.RequestsPerSecond))
	}
	if cfg.RetryMax > 0 {
		opts = append(opts, godo.WithRetryAndBackoffs(godo.RetryConfig{
			RetryMax:     cfg.RetryMax,
			RetryWaitMin: godo.PtrTo(cfg.RetryWaitMin),
			RetryWaitMax: godo.PtrTo(cfg.RetryWaitMax),
		}))
	}
	c, err := godo.New(httpClient, opts...)
	if err != nil {
		return nil, err
	}
	attachWire(c, wire, cfg.OnRetry)
	return c, nil
}

// attachWire completes the retrying client godo builds when retries are on.
// godo builds it from scratch, dropping the transport we passed in, and
// gives it a policy that retries every method; here it gets our transport
// back (so every attempt is paced and observed) under a resender of reads
// the rate limit refused, our policy and backoff, and a hook that logs each
// retry.
func attachWire(c *godo.Client, wire *observingTransport, onRetry func(method, path string, attempt int)) {
	auth, ok := c.HTTPClient.Transport.(*oauth2.Transport)
	if !ok {
		return
	}
	rt, ok := auth.Base.(*retryablehttp.RoundTripper)
	if !ok {
		return
	}
	rt.Client.HTTPClient.Transport = refusalResender{next: wire, token: wire.token, onRetry: onRetry, giveUpAfter: refusedReadsFor}
	rt.Client.CheckRetry = retryPolicy
	rt.Client.Backoff = backoffWith(time.Now)
	rt.Client.RequestLogHook = func(_ retryablehttp.Logger, req *http.Request, attempt int) {
		if attempt == 0 {
			return
		}
		reportRetry(req, wire.token, onRetry, "retrying API request", attempt)
	}
	auth.Base = taggingTransport{next: rt}
}

// UserAgent names this provider, its version and the Terraform version.
func UserAgent(providerVersion, terraformVersion string) string {
	if terraformVersion == "" {
		terraformVersion = "unknown"
	}
	return fmt.Sprintf("terraform-provider-do/%s (+https://registry.terraform.io/providers/pnc-tf/do) Terraform/%s",
		providerVersion, terraformVersion)
}
