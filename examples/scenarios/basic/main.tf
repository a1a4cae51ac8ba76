# One Partner Network Connect attachment between a DigitalOcean VPC and
# Megaport, with a BGP session.

terraform {
  required_version = ">= 1.4.6"

  required_providers {
    do = {
      source  = "pnc-tf/do"
      version = "~> 0.1"
    }
  }
}

# The token comes from DIGITALOCEAN_TOKEN; DIGITALOCEAN_API_URL overrides the
# endpoint (for example to use the local emulator).
provider "do" {}

resource "do_partner_attachment" "this" {
  name                         = var.name
  connection_bandwidth_in_mbps = 1000
  region                       = var.region
  naas_provider                = "MEGAPORT"
  vpc_ids                      = var.vpc_ids

  bgp = {
    local_router_ip = "169.254.0.1/29"
    peer_router_ip  = "169.254.0.6/29"
    peer_router_asn = 64532
    auth_key        = var.bgp_auth_key
  }

  # Provisioning usually takes minutes; these are the defaults.
  timeouts = {
    create = "30m"
    update = "30m"
    delete = "30m"
  }
}
