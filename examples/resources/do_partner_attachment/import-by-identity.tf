# Partner attachments can also be imported by their resource identity
# (Terraform 1.12 and later).
import {
  to = do_partner_attachment.example
  identity = {
    id = "5a4981aa-9653-4bd1-bef5-d6bff52042e4"
  }
}
