# What the Megaport side needs for each of its two VXCs; none of it is secret.
# Each attachment has a service key of its own (see the guide on handing the
# service key over).
output "links" {
  description = "Per link: the attachment ID, its redundancy zone and its BGP peering settings."
  value = {
    for link in [do_partner_attachment.primary, do_partner_attachment.redundant] : link.name => {
      attachment_id   = link.id
      redundancy_zone = link.redundancy_zone
      local_router_ip = link.bgp.local_router_ip
      peer_router_ip  = link.bgp.peer_router_ip
      local_asn       = link.bgp.local_asn
    }
  }
}
