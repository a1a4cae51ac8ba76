# Takes over an attachment that exists but is not in this state: one made by
# hand, or one that a job created and was killed before it could record (the
# next plan then stops with `Planning partner attachment "<name>": name
# already in use` and names its ID). Set existing_attachment_id to that ID in
# the pull request, so that the plan shows the import for review. Once the
# attachment is in the state the block changes nothing, whether the variable
# stays set or not.
import {
  for_each = toset(var.existing_attachment_id == null ? [] : [var.existing_attachment_id])
  to       = do_partner_attachment.link
  id       = each.value
}
