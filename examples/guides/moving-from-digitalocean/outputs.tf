output "id" {
  description = "ID of the attachment: the same before and after the move."
  value       = do_partner_attachment.link.id
}
