# A root module run from CI: a plan on every pull request, the saved plan
# applied once it is reviewed, and a scheduled plan that reports drift.
# Nothing secret is written here: the API token comes from the job's
# environment (DIGITALOCEAN_TOKEN), and the BGP key from an ephemeral variable
# sent as a write-only value, so neither reaches the plan file or the state.

terraform {
  # auth_key_wo needs Terraform 1.11 or later.
  required_version = ">= 1.11"

  required_providers {
    do = {
      source  = "pnc-tf/do"
      version = "~> 0.1"
    }
  }

  # Give every pipeline the same state through a backend that locks it, so
  # that two jobs never apply at once.
}

# The token comes from DIGITALOCEAN_TOKEN (or DIGITALOCEAN_ACCESS_TOKEN).
provider "do" {
  # 0: no fixed rate; the provider still holds its requests when the API's
  # rate-limit headers say the quota is spent.
  requests_per_second = var.requests_per_second
}

resource "do_partner_attachment" "link" {
  name                         = var.name
  connection_bandwidth_in_mbps = 1000
  region                       = var.region
  naas_provider                = "MEGAPORT"
  vpc_ids                      = var.vpc_ids

  bgp = {
    local_router_ip = "169.254.0.1/29"
    peer_router_ip  = "169.254.0.6/29"
    peer_router_asn = var.peer_asn
    # Sent to the API, never stored. Raise the version to send a new key.
    auth_key_wo         = var.bgp_auth_key
    auth_key_wo_version = var.bgp_auth_key_version
  }
}
