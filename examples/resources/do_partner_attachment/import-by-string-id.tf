# Partner attachments are imported by their ID (Terraform 1.5 and later).
import {
  to = do_partner_attachment.example
  id = "5a4981aa-9653-4bd1-bef5-d6bff52042e4"
}
