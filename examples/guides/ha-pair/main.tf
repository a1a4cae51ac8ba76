# A highly available pair of attachments between the same VPCs and Megaport:
# a primary in one redundancy zone and a redundant attachment in the other,
# which names the primary in parent_uuid. Each link has a BGP session of its
# own, on a link network of its own.

terraform {
  # auth_key_wo needs Terraform 1.11 or later.
  required_version = ">= 1.11"

  required_providers {
    do = {
      source  = "pnc-tf/do"
      version = "~> 0.1"
    }
  }
}

provider "do" {}

resource "do_partner_attachment" "primary" {
  name                         = "${var.name_prefix}-blue"
  connection_bandwidth_in_mbps = var.bandwidth_mbps
  region                       = var.region
  naas_provider                = "MEGAPORT"
  vpc_ids                      = var.vpc_ids
  redundancy_zone              = "MEGAPORT_BLUE"

  bgp = {
    local_router_ip     = "169.254.0.1/29"
    peer_router_ip      = "169.254.0.6/29"
    peer_router_asn     = var.peer_asn
    auth_key_wo         = var.bgp_auth_key
    auth_key_wo_version = var.bgp_auth_key_version
  }
}

resource "do_partner_attachment" "redundant" {
  name                         = "${var.name_prefix}-red"
  connection_bandwidth_in_mbps = var.bandwidth_mbps
  region                       = var.region
  naas_provider                = "MEGAPORT"
  vpc_ids                      = var.vpc_ids
  redundancy_zone              = "MEGAPORT_RED"

  # Pairs this attachment with the primary, which then lists it in children.
  # A new parent_uuid replaces this attachment, so anything that replaces the
  # primary replaces this one too.
  parent_uuid = do_partner_attachment.primary.id

  bgp = {
    local_router_ip     = "169.254.0.9/29"
    peer_router_ip      = "169.254.0.14/29"
    peer_router_asn     = var.peer_asn
    auth_key_wo         = var.bgp_auth_key
    auth_key_wo_version = var.bgp_auth_key_version
  }
}
