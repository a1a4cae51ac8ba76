// Package apiclient builds the godo client the provider uses: bearer auth,
// godo's own retry support, a user agent naming this provider, and a transport
// that logs each attempt without ever logging headers or bodies.
package apiclient

import (
	"fmt"
	"net/http"
	"strings"

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
	UserAgent    string
}

// New returns a godo client for cfg.
func New(cfg Config) (*godo.Client, error) {
	if strings.TrimSpace(cfg.Token) == "" {
		return nil, fmt.Errorf("no API token")
	}
	wire := &observingTransport{base: cleanhttp.DefaultPooledTransport()}
	// godo's retry path requires an *oauth2.Transport: it copies the token
	// source onto the retrying client it builds.
	httpClient := &http.Client{Transport: &oauth2.Transport{
		Source: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: cfg.Token}),
		Base:   wire,
	}}

	opts := []godo.ClientOpt{godo.SetBaseURL(cfg.APIEndpoint), godo.SetUserAgent(cfg.UserAgent)}
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
	attachWire(c, wire)
	return c, nil
}

// attachWire puts our observing transport underneath godo's retrying client.
// godo builds that client from scratch when retries are on, dropping the
// transport we passed in; without this every attempt would go unobserved.
func attachWire(c *godo.Client, wire *observingTransport) {
	auth, ok := c.HTTPClient.Transport.(*oauth2.Transport)
	if !ok {
		return
	}
	if rt, ok := auth.Base.(*retryablehttp.RoundTripper); ok {
		rt.Client.HTTPClient.Transport = wire
	}
}

// UserAgent names this provider, its version and the Terraform version.
func UserAgent(providerVersion, terraformVersion string) string {
	if terraformVersion == "" {
		terraformVersion = "unknown"
	}
	return fmt.Sprintf("terraform-provider-do/%s (+https://registry.terraform.io/providers/pnc-tf/do) Terraform/%s",
		providerVersion, terraformVersion)
}
