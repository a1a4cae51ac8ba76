# Hand-off to the Megaport side through outputs: the service key is read with
# a data source and published as a sensitive output, for a pipeline (or a
# terraform_remote_state lookup) on the Megaport side. Works on every
# Terraform version, but the key is stored in the state, marked sensitive:
# keep the state encrypted and access-controlled, or use the ephemeral path
# in ../megaport-handoff.

terraform {
  required_providers {
    do = {
      source = "pnc-tf/do"
    }
  }
}

provider "do" {}

resource "do_partner_attachment" "megaport" {
  name                         = var.name
  connection_bandwidth_in_mbps = 1000
  region                       = var.region
  naas_provider                = "MEGAPORT"
  vpc_ids                      = var.vpc_ids

  bgp = {
    local_router_ip = "169.254.0.1/29"
    peer_router_ip  = "169.254.0.6/29"
    peer_router_asn = var.megaport_asn
    auth_key        = var.bgp_auth_key
  }
}

# Waits (up to timeouts.read, default 10 minutes) until the key is issued.
data "do_partner_attachment_service_key" "megaport" {
  attachment_id = do_partner_attachment.megaport.id
}
