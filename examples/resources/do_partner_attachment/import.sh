# Partner attachments are imported by their ID.
terraform import do_partner_attachment.example 5a4981aa-9653-4bd1-bef5-d6bff52042e4
