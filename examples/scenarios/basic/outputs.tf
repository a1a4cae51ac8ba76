output "id" {
  description = "ID of the attachment."
  value       = do_partner_attachment.this.id
}

output "state" {
  description = "State of the attachment: ACTIVE once it is ready."
  value       = do_partner_attachment.this.state
}

output "local_asn" {
  description = "ASN of the DigitalOcean router, for the partner's BGP configuration."
  value       = do_partner_attachment.this.bgp.local_asn
}
