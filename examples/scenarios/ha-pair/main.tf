# A highly available pair of attachments. The secondary names the primary in
# parent_uuid, and the two sit in opposite Megaport redundancy zones, so
# maintenance in one zone never takes both links down.

terraform {
  required_providers {
    do = {
      source = "pnc-tf/do"
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
    local_router_ip = "169.254.0.1/29"
    peer_router_ip  = "169.254.0.6/29"
    peer_router_asn = var.peer_asn
    auth_key        = var.bgp_auth_key
  }
}

resource "do_partner_attachment" "secondary" {
  name                         = "${var.name_prefix}-red"
  connection_bandwidth_in_mbps = var.bandwidth_mbps
  region                       = var.region
  naas_provider                = "MEGAPORT"
  vpc_ids                      = var.vpc_ids
  redundancy_zone              = "MEGAPORT_RED"

  # Pairs this attachment with the primary. Changing it replaces the
  # secondary; the primary is never touched.
  parent_uuid = do_partner_attachment.primary.id

  bgp = {
    local_router_ip = "169.254.0.9/29"
    peer_router_ip  = "169.254.0.14/29"
    peer_router_asn = var.peer_asn
    auth_key        = var.bgp_auth_key
  }
}
