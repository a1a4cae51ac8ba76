output "id" {
  description = "ID of the attachment."
  value       = do_partner_attachment.link.id
}

output "state" {
  description = "State of the attachment: ACTIVE once it is ready."
  value       = do_partner_attachment.link.state
}
